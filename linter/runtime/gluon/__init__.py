"""The part of `mx.gluon` a training step needs: blocks, layers, parameters,
losses and an SGD trainer."""
