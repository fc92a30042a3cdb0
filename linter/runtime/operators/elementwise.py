"""Elementwise operators: unary functions, binary operators with broadcasting,
operators with a scalar attribute, comparisons, bitwise operators, clip."""
from __future__ import annotations

import numpy

from .base import Operator, no_gradient, result_dtype, safe_divide, unbroadcast


def _elementwise(name, forward, derivative, uses="input"):
    """A one-input elementwise operator; `derivative(value)` of the saved input or output."""
    def backward(call):
        saved = call.inputs[0] if uses == "input" else call.outputs[0]
        return [call.output_grads[0] * derivative(saved)]
    return Operator(name, forward, backward, elementwise=True)


RELU = _elementwise("relu", lambda x: numpy.maximum(x, 0).astype(x.dtype, copy=False),
                    lambda y: (y > 0).astype(y.dtype), uses="output")
SIGMOID = _elementwise("sigmoid", lambda x: (1 / (1 + numpy.exp(-x))).astype(x.dtype, copy=False),
                       lambda y: y * (1 - y), uses="output")
TANH = _elementwise("tanh", numpy.tanh, lambda y: 1 - y * y, uses="output")
SOFTRELU = _elementwise("softrelu", lambda x: numpy.logaddexp(0, x).astype(x.dtype, copy=False),
                        lambda y: -numpy.expm1(-y), uses="output")
EXP = _elementwise("exp", numpy.exp, lambda y: y, uses="output")
LOG = _elementwise("log", numpy.log, lambda x: safe_divide(1, x))
SQRT = _elementwise("sqrt", numpy.sqrt, lambda y: safe_divide(0.5, y), uses="output")
SQUARE = _elementwise("square", numpy.square, lambda x: 2 * x)
ABS = _elementwise("abs", numpy.abs, numpy.sign)
NEGATIVE = _elementwise("negative", numpy.negative, lambda x: -numpy.ones_like(x))
SIN = _elementwise("sin", numpy.sin, numpy.cos)
COS = _elementwise("cos", numpy.cos, lambda x: -numpy.sin(x))
LOG1P = _elementwise("log1p", numpy.log1p, lambda x: safe_divide(1, 1 + x))
RECIPROCAL = _elementwise("reciprocal", lambda x: safe_divide(1, x).astype(x.dtype, copy=False),
                          lambda x: -safe_divide(1, x * x))
SIGN = Operator("sign", numpy.sign, no_gradient, elementwise=True)
FLOOR = Operator("floor", numpy.floor, no_gradient, elementwise=True)
CEIL = Operator("ceil", numpy.ceil, no_gradient, elementwise=True)
ROUND = Operator("round", numpy.round, no_gradient, elementwise=True)

ACTIVATIONS = {"relu": RELU, "sigmoid": SIGMOID, "tanh": TANH, "softrelu": SOFTRELU}


def _binary(name, forward, lhs_grad, rhs_grad):
    """A two-input broadcasting operator; the gradient functions take (grad, a, b)."""
    def backward(call):
        a, b = call.inputs
        grad = call.output_grads[0]
        return [unbroadcast(lhs_grad(grad, a, b), a.shape), unbroadcast(rhs_grad(grad, a, b), b.shape)]
    return Operator(name, forward, backward, elementwise=True)


def _same_dtype(function):
    return lambda a, b: function(a, b).astype(result_dtype(a, b), copy=False)


ADD = _binary("broadcast_add", _same_dtype(numpy.add), lambda g, a, b: g, lambda g, a, b: g)
SUBTRACT = _binary("broadcast_sub", _same_dtype(numpy.subtract), lambda g, a, b: g, lambda g, a, b: -g)
MULTIPLY = _binary("broadcast_mul", _same_dtype(numpy.multiply),
                   lambda g, a, b: g * b, lambda g, a, b: g * a)
DIVIDE = _binary("broadcast_div", _same_dtype(lambda a, b: safe_divide(a, b)),
                 lambda g, a, b: safe_divide(g, b), lambda g, a, b: -safe_divide(g * a, b * b))
MODULO = _binary("broadcast_mod", _same_dtype(numpy.mod),
                 lambda g, a, b: g, lambda g, a, b: -g * numpy.floor(safe_divide(a, b)))
POWER = _binary("broadcast_power", _same_dtype(numpy.power),
                lambda g, a, b: g * b * numpy.power(a, b - 1),
                lambda g, a, b: g * numpy.power(a, b) * numpy.log(a))
MAXIMUM = _binary("broadcast_maximum", _same_dtype(numpy.maximum),
                  lambda g, a, b: g * (a >= b), lambda g, a, b: g * (a < b))
MINIMUM = _binary("broadcast_minimum", _same_dtype(numpy.minimum),
                  lambda g, a, b: g * (a <= b), lambda g, a, b: g * (a > b))


def _comparison(name, function):
    def forward(a, b, boolean=False):
        result = function(a, b)
        return result if boolean else result.astype(a.dtype)
    return Operator(name, forward, no_gradient, elementwise=True)


def _scalar_comparison(name, function):
    def forward(a, scalar, boolean=False):
        result = function(a, scalar)
        return result if boolean else result.astype(a.dtype)
    return Operator(name, forward, no_gradient, elementwise=True)


COMPARISONS = {
    "==": numpy.equal, "!=": numpy.not_equal, ">": numpy.greater,
    ">=": numpy.greater_equal, "<": numpy.less, "<=": numpy.less_equal,
}
COMPARE = {symbol: _comparison("broadcast_compare" + symbol, function)
           for symbol, function in COMPARISONS.items()}
COMPARE_SCALAR = {symbol: _scalar_comparison("compare_scalar" + symbol, function)
                  for symbol, function in COMPARISONS.items()}


def _bitwise(name, function):
    return Operator(name, lambda a, b: function(a, b).astype(a.dtype, copy=False), no_gradient,
                    elementwise=True)


BITWISE = {"&": _bitwise("bitwise_and", numpy.bitwise_and),
           "|": _bitwise("bitwise_or", numpy.bitwise_or),
           "^": _bitwise("bitwise_xor", numpy.bitwise_xor)}


def _scalar(name, forward, derivative, uses="input"):
    """A one-input operator with a scalar attribute; `derivative(saved, scalar)`."""
    def backward(call):
        saved = call.inputs[0] if uses == "input" else call.outputs[0]
        return [call.output_grads[0] * derivative(saved, call.attrs["scalar"])]
    return Operator(name, lambda a, scalar: forward(a, scalar).astype(a.dtype, copy=False), backward,
                    elementwise=True)


def _ones(a, scalar):
    return numpy.ones_like(a)


PLUS_SCALAR = _scalar("_plus_scalar", lambda a, s: a + s, _ones)
MINUS_SCALAR = _scalar("_minus_scalar", lambda a, s: a - s, _ones)
RMINUS_SCALAR = _scalar("_rminus_scalar", lambda a, s: s - a, lambda a, s: -numpy.ones_like(a))
MUL_SCALAR = _scalar("_mul_scalar", lambda a, s: a * s, lambda a, s: numpy.full_like(a, s))
DIV_SCALAR = _scalar("_div_scalar", lambda a, s: safe_divide(a, s),
                     lambda a, s: numpy.full_like(a, safe_divide(1.0, s)))
RDIV_SCALAR = _scalar("_rdiv_scalar", lambda a, s: safe_divide(s, a),
                      lambda a, s: -safe_divide(s, a * a))
MOD_SCALAR = _scalar("_mod_scalar", lambda a, s: numpy.mod(a, s), _ones)
RMOD_SCALAR = _scalar("_rmod_scalar", lambda a, s: numpy.mod(s, a),
                      lambda a, s: -numpy.floor(safe_divide(s, a)))
POWER_SCALAR = _scalar("_power_scalar", lambda a, s: numpy.power(a, s),
                       lambda a, s: s * numpy.power(a, s - 1))
RPOWER_SCALAR = _scalar("_rpower_scalar", lambda a, s: numpy.power(s, a),
                        lambda y, s: y * numpy.log(s), uses="output")
MAXIMUM_SCALAR = _scalar("_maximum_scalar", lambda a, s: numpy.maximum(a, s),
                         lambda a, s: (a >= s).astype(a.dtype))
MINIMUM_SCALAR = _scalar("_minimum_scalar", lambda a, s: numpy.minimum(a, s),
                         lambda a, s: (a <= s).astype(a.dtype))


def _clip_backward(call):
    a = call.inputs[0]
    low, high = call.attrs["a_min"], call.attrs["a_max"]
    inside = numpy.ones_like(a, dtype=bool)
    if low is not None:
        inside &= a >= low
    if high is not None:
        inside &= a <= high
    return [call.output_grads[0] * inside]


CLIP = Operator("clip", lambda a, a_min, a_max: numpy.clip(a, a_min, a_max).astype(a.dtype, copy=False),
                _clip_backward, add_to="overwrite")


__all__ = [name for name in dir() if name.isupper()]
