"""Gluon blocks analysed as in training: their forward runs with recording on, its inputs and
the blocks handed to its constructor unknown; writes MXNet would reject there are REC2xx, and
REC1xx where the module calls the block while recording."""
from __future__ import annotations

import textwrap

from recordlint.api import lint_source

BLOCKS = textwrap.dedent('''\
    from mxnet import autograd, nd
    from mxnet.gluon import nn
    from mxnet.gluon.block import HybridBlock


    class Residual(HybridBlock):
        def __init__(self, planes, norm_layer=None, **kwargs):
            super(Residual, self).__init__(**kwargs)
            self.conv = nn.Dense(planes)
            self.norm = norm_layer(planes)

        def forward(self, x):
            out = self.norm(self.conv(x))
            out += x
            return out


    class Scaled(nn.Block):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.dense = nn.Dense(3)

        def forward(self, x):
            h = self.dense(x)
            h *= 2
            return h
    ''')


def codes_by_line(source):
    return sorted((finding.line, finding.code) for finding in lint_source(source, "blocks.py"))


def test_writes_in_forward_may_raise_in_training():
    # Residual: its norm layer comes from the caller, so its output may be in the graph;
    # super(Residual, self) runs the base class constructor as super() does
    assert codes_by_line(BLOCKS) == [(14, "REC201"), (25, "REC201")]


def test_a_block_called_while_recording_raises_for_certain():
    training = BLOCKS + textwrap.dedent('''\

        net = Scaled()
        net.initialize()
        with autograd.record():
            y = net(nd.ones((2, 3)))
        ''')
    assert codes_by_line(training) == [(14, "REC201"), (25, "REC101")]


def test_a_forward_without_writes_is_clean():
    assert codes_by_line(BLOCKS.replace("out += x", "out = out + x").replace("h *= 2", "h = h * 2")) == []
