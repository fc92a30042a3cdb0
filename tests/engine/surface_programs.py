"""Small programs over the engine's whole surface, run by values_runner.py.

Each shows the values and gradients it computes; the test runs them under
MXNet 1.9.1 and under the engine and compares what they show.  No program
draws random numbers (Gluon layers get constant initializers), so every
value can be compared.
"""

X = "x = nd.array([[1., -2., 3.], [0.5, 2., -1.]]); x.attach_grad()\n"
V = "v = nd.array([0.5, -1.5, 2.]); v.attach_grad()\n"


def grad_of(expression, prelude=X, leaf="x"):
    """A program showing `expression` and the gradient of its sum w.r.t. the leaf."""
    return prelude + (
        "with autograd.record():\n"
        "    y = %s\n"
        "    s = y.sum()\n"
        "s.backward()\n"
        "show('y', y)\n"
        "show('grad', %s.grad)\n" % (expression, leaf))


UNARY = ["nd.relu(x)", "nd.sigmoid(x)", "nd.tanh(x)", "nd.exp(x)", "nd.log(nd.abs(x))",
         "nd.sqrt(nd.abs(x))", "nd.square(x)", "nd.abs(x)", "-x", "abs(x)", "nd.negative(x)",
         "nd.clip(x, -1, 1)", "x.clip(0, 2)", "nd.softmax(x)", "nd.softmax(x, axis=0)",
         "nd.log_softmax(x)", "nd.softmax(x, temperature=2.0)", "nd.L2Normalization(x)",
         "nd.Activation(x, act_type='softrelu')", "nd.Activation(x, act_type='tanh')",
         "nd.sign(x) * x", "nd.floor(x) + x", "x.relu()", "x.sigmoid()", "x.exp()", "x.square()",
         "nd.reciprocal(x)", "nd.sin(x)", "nd.cos(x)", "x.softmax()", "x.log_softmax(axis=0)"]
BINARY = ["x + 2", "2 + x", "x - 2", "2 - x", "x * 3", "3 * x", "x / 4", "4 / x", "x % 1.5",
          "2.5 % x", "x ** 2", "2 ** x", "x ** 3", "x + x", "x * x", "x / (x + 5)",
          "x - x * 2", "x * nd.array([1., 2., 3.])", "x + nd.array([[1.], [2.]])",
          "nd.maximum(x, 0.5)", "nd.minimum(x, nd.array([0., 1., 2.]))", "nd.add(x, 1)",
          "nd.subtract(1, x)", "nd.multiply(x, x)", "nd.divide(x, 2)", "nd.power(x, 2)",
          "nd.broadcast_add(x, nd.ones((1, 3)))", "nd.broadcast_mul(x, nd.array([[2.], [3.]]))",
          "nd.broadcast_sub(x, nd.ones((2, 1)))", "nd.broadcast_div(x, nd.array([1., 2., 4.]))",
          "nd.elemwise_add(x, x)", "nd.elemwise_sub(x, nd.ones((2, 3)))",
          "nd.elemwise_mul(x, x)", "nd.elemwise_div(x, nd.full((2, 3), 2.))",
          "(x > 0) * x", "(x <= 1) + x", "(x == 2) * x", "nd.equal(x, 2) + x"]
REDUCE = ["x.sum()", "x.sum(axis=0)", "x.sum(axis=1, keepdims=True)", "x.mean()",
          "x.mean(axis=1)", "x.max()", "x.max(axis=0)", "x.min(axis=1)", "x.norm()",
          "nd.sum(x, axis=0, exclude=True)", "nd.mean(x, axis=(0, 1))", "x.argmax(axis=1) + x.sum()",
          "nd.max(x, axis=1, keepdims=True)", "nd.norm(x, axis=1)"]
SHAPE = ["x.reshape((3, 2))", "x.reshape((0, -1))", "x.reshape((-1,))", "nd.reshape(x, (3, 2))",
         "x.T", "x.transpose()", "nd.transpose(x, axes=(1, 0))", "x.expand_dims(0)",
         "x.expand_dims(0).squeeze()", "x.flatten()", "nd.flatten(x.expand_dims(2))",
         "x[0:1].broadcast_to((4, 3))", "x[0:1].broadcast_like(nd.ones((3, 3)))",
         "nd.concat(x, x * 2, dim=0)", "nd.concat(x, x, dim=1)", "nd.stack(x, x * 3)",
         "nd.stack(x, x, axis=2)", "nd.split(x, num_outputs=3, axis=1)[1]",
         "nd.split(x, num_outputs=2, axis=0, squeeze_axis=True)[0]",
         "nd.slice_axis(x, axis=1, begin=1, end=3)", "nd.slice(x, begin=(0, 1), end=(2, 3))",
         "nd.pick(x, nd.array([2, 0]))", "nd.pick(x, nd.array([1, 1, 0]), axis=0, keepdims=True)",
         "nd.take(x, nd.array([1, 0, 1]))", "nd.where(x > 0, x, x * 10)",
         "nd.add_n(x, x, x * 2)", "nd.zeros_like(x) + x", "nd.ones_like(x) * x",
         "nd.cast(x, 'float32') * 2", "x.astype('float32') * 2", "x.copy() * 2",
         "x.copyto(mx.cpu()) * 2", "nd.identity(x) * 3", "x.one_hot(3).sum() + x",
         "x.split(num_outputs=3)[2]", "x.slice_axis(axis=0, begin=1, end=2)",
         "nd.reshape_like(x, nd.ones((3, 2)))", "x.reshape_like(nd.ones((6,)))",
         "x.detach().zeros_like().slice_assign_scalar(1, (0, None), (1, None), (None, None)) * x"]
INDEX = ["x[0]", "x[1]", "x[-1]", "x[:, 1]", "x[0, 2]", "x[:, ::2]", "x[1:]", "x[...]",
         "x[None]", "x[:, None, 1]", "x[[0, 1, 0]]", "x[nd.array([1, 0])]", "x[:, [2, 0]]",
         "x[[0, 1], [2, 0]]", "x[0][1:3]"]
LINEAR = [
    ("nd.dot(v, v)", V, "v"), ("nd.dot(x, v)", X + V, "x"), ("nd.dot(x, v)", X + V, "v"),
    ("nd.dot(v[0:2], x)", X + V, "x"), ("nd.dot(x, x.T)", X, "x"),
    ("nd.dot(x, x, transpose_a=True)", X, "x"), ("nd.dot(x, x, transpose_b=True)", X, "x"),
    ("nd.batch_dot(x.reshape((1, 2, 3)), x.reshape((1, 3, 2)))", X, "x"),
    ("nd.batch_dot(x.reshape((1, 2, 3)), x.reshape((1, 2, 3)), transpose_b=True)", X, "x"),
    ("nd.FullyConnected(x, nd.ones((4, 3)), nd.ones(4), num_hidden=4)", X, "x"),
    ("nd.FullyConnected(nd.ones((2, 3)), x, nd.ones(2), num_hidden=2)", X, "x"),
    ("nd.FullyConnected(x, x, no_bias=True, num_hidden=2)", X, "x"),
    ("nd.FullyConnected(x.reshape((2, 3, 1)), nd.ones((2, 3)), nd.ones(2), num_hidden=2)", X, "x"),
]

PROGRAMS = {}
PROGRAMS.update({"unary %s" % e: grad_of(e) for e in UNARY})
PROGRAMS.update({"binary %s" % e: grad_of(e) for e in BINARY})
PROGRAMS.update({"reduce %s" % e: grad_of(e) for e in REDUCE})
PROGRAMS.update({"shape %s" % e: grad_of(e) for e in SHAPE})
PROGRAMS.update({"index %s" % e: grad_of(e) for e in INDEX})
PROGRAMS.update({"linear %s d/d%s" % (e, leaf): grad_of(e, prelude, leaf) for e, prelude, leaf in LINEAR})

NP_X = "npx.set_np()\nx = np.array([[1., -2., 3.], [0.5, 2., -1.]]); x.attach_grad()\n"
NP_EXPRESSIONS = [
    "x + 2", "2 - x", "x * x", "x / 3", "3 / x", "x ** 2", "x % 1.5", "-x", "np.exp(x)",
    "np.log(np.abs(x))", "np.sqrt(np.abs(x))", "np.square(x)", "np.abs(x)", "np.tanh(x)",
    "np.negative(x)", "np.clip(x, -1, 1)", "np.maximum(x, 0.5)", "np.minimum(x, x * 2)",
    "np.add(x, 1)", "np.subtract(1, x)", "np.multiply(x, 2)", "np.divide(x, x + 5)",
    "np.true_divide(2, x + 5)", "np.power(x, 2)", "x.sum()", "x.sum(axis=0)", "x.mean()",
    "x.mean(axis=1, keepdims=True)", "x.max()", "x.min(axis=0)", "np.sum(x, axis=1)",
    "np.mean(x)", "np.max(x, axis=1)", "np.dot(x, np.ones(3))", "np.dot(x, x.T)",
    "np.matmul(x, x.T)", "x @ x.T", "x.dot(np.ones((3, 2)))", "x.reshape((3, 2))", "x.T",
    "np.transpose(x)", "np.expand_dims(x, 0)", "np.squeeze(np.expand_dims(x, 0))",
    "np.broadcast_to(x[0:1], (3, 3))", "np.concatenate([x, x], axis=0)", "np.stack([x, x])",
    "np.split(x, 3, axis=1)[0]", "np.where(x > 0, x, x * 2)",
    "np.where(x > 0, x, 0)", "np.where(x > 0, 1.5, x)", "np.where(x > 0, np.full_like(x, 1.5), x)", "x[0]", "x[:, 1]", "x[1, 2]",
    "x[x > 0]", "x[np.array([1, 0], dtype='int32')]", "x[...]", "x.astype('float32')", "x.copy()",
    "npx.relu(x)", "npx.sigmoid(x)", "npx.softmax(x)", "npx.log_softmax(x, axis=0)",
    "npx.activation(x, act_type='tanh')",
    "npx.fully_connected(x, np.ones((4, 3)), np.ones(4), num_hidden=4)",
    "npx.batch_dot(x.reshape((1, 2, 3)), x.reshape((1, 3, 2)))",
    "npx.pick(x, np.array([2, 0]))", "(x > 0) * x", "np.zeros_like(x) + x", "np.ones_like(x) * x",
    "x.as_nd_ndarray().as_np_ndarray() * 2",
]
PROGRAMS.update({"np %s" % e: grad_of(e, NP_X) for e in NP_EXPRESSIONS})

PROGRAMS.update({
    "creation": """\
show('array', nd.array([[1, 2], [3, 4]]))
show('array dtype', str(nd.array([1, 2]).dtype))
show('from numpy', nd.array(onp.array([1.5, 2.5])))
show('zeros', nd.zeros((2, 3)))
show('ones int', nd.ones(3, dtype='int32'))
show('full', nd.full((2, 2), 7))
show('arange', nd.arange(5))
show('arange step', nd.arange(1, 3, 0.5))
show('arange repeat', nd.arange(3, repeat=2))
show('one_hot', nd.one_hot(nd.array([0, 2, 1]), 3))
show('argmax', nd.array([[1, 5, 2], [7, 0, 1]]).argmax(axis=1))
show('asscalar', nd.array([3.5]).asscalar())
show('shape', nd.ones((2, 3)).shape)
show('size', nd.ones((2, 3)).size)
show('ndim', nd.ones((2, 3)).ndim)
show('len', len(nd.ones((4, 2))))
show('context', str(nd.ones(1).context))
show('rows', [row for row in nd.array([[1, 2], [3, 4]])])
show('bool', bool(nd.array([2.])))
""",
    "np creation": """\
npx.set_np()
show('array', np.array([[1, 2], [3, 4]]))
show('array dtype', str(np.array([1, 2]).dtype))
show('int32', str(np.array([1, 2], dtype='int32').dtype))
show('zeros', np.zeros((2, 3)))
show('full', np.full((2, 2), 7))
show('arange', np.arange(5))
show('sum shape', np.ones((2, 3)).sum().shape)
show('item', np.array([[2.5]]).item())
show('tolist', np.array([[1, 2]]).tolist())
show('float', float(np.array([3.])))
show('comparison dtype', str((np.ones(2) > 0).dtype))
show('index shape', np.ones((2, 3))[0, 1].shape)
show('bitwise', np.array([5, 6], dtype='int32') & np.array([3, 3], dtype='int32'))
""",
    "setitem values": """\
b = nd.zeros((3, 4))
b[0] = 1
b[1, 2] = 5
b[:, 3] = nd.array([7., 8., 9.])
b[2, 0:2] = [4., 6.]
b[[0, 2], [1, 1]] = 3
b[nd.array([1])] = nd.array([[0.5, 0.5, 0.5, 0.5]])
show('b', b)
c = nd.zeros((2, 2))
c[:] = nd.array([1., 2.])
show('c broadcast', c)
c[...] = onp.array([[5., 6.], [7., 8.]])
show('c numpy', c)
c[:] = 9
show('c scalar', c)
d = nd.zeros((1, 3))
d[0] = nd.array([[1., 2., 3.]])
show('d', d)
e = nd.arange(6).reshape((2, 3))
e[1] = e[0]
show('e', e)
v = e[0:1]
v[:] = 4
show('e view', e)
""",
    "np setitem values": """\
npx.set_np()
b = np.zeros((3, 3))
b[b == 0] = 2
b[np.array([0, 2], dtype='int32')] = 1
b[1, ::2] = 5
s = np.zeros(())
s[()] = 4
show('b', b)
show('s', s)
m = np.array([1., 2., 3.])
m[m > 1.5] = m[m > 1.5] * 10
show('m', m)
""",
    "views share memory": """\
x = nd.arange(6).reshape((2, 3))
r = x[1]
r += 10
s = x.reshape((3, 2))
s[0] = 0
d = x.detach()
d *= 2
show('x', x)
t = x.T
t += 100
show('x after T copy', x)
""",
    "backward variants": """\
x = nd.array([1., 2., 3.]); x.attach_grad()
with autograd.record():
    y = x * x
y.backward(nd.array([1., 10., 100.]), retain_graph=True)
show('head grads', x.grad)
y.backward()
show('again', x.grad)
with autograd.record():
    a = x * 2
    b = x * x
autograd.backward([a, b], [nd.ones(3), nd.array([1., 0., 1.])])
show('two heads', x.grad)
with autograd.record():
    z = (x ** 3).sum()
g = autograd.grad(z, [x])
show('grad', g[0])
show('grad leaves buffer', x.grad)
with autograd.record():
    z = (x * 4).sum()
g = autograd.grad([z], [x], head_grads=[nd.array([2.])], retain_graph=True)
show('grad head', g[0])
""",
    "grad_req add": """\
x = nd.array([1., 2., 3.]); x.attach_grad(grad_req='add')
for step in range(3):
    with autograd.record():
        y = (x * x * (step + 1)).sum()
    y.backward()
show('accumulated', x.grad)
x.grad[:] = 0
with autograd.record():
    y = nd.relu(x) + x * 2
y.backward()
show('after reset', x.grad)
""",
    "mark_variables": """\
x = nd.array([1., 2.]); g = nd.zeros(2)
w = nd.array([3., 4.]); gw = nd.ones(2)
autograd.mark_variables([x, w], [g, gw], grad_reqs=['write', 'add'])
with autograd.record():
    y = (x * w).sum()
y.backward()
show('g', g)
show('gw', gw)
show('x.grad', x.grad)
""",
    "function": """\
class Scale(autograd.Function):
    def forward(self, a):
        self.save_for_backward(a)
        return a * 3

    def backward(self, dy):
        a, = self.saved_tensors
        return dy * 3 + a * 0

x = nd.array([1., 2.]); x.attach_grad()
with autograd.record():
    y = Scale()(x)
    z = (y * y).sum()
z.backward()
show('y', y)
show('grad', x.grad)
""",
    "recording state": """\
show('before', [autograd.is_recording(), autograd.is_training()])
with autograd.record():
    show('record', [autograd.is_recording(), autograd.is_training()])
    with autograd.pause():
        show('pause', [autograd.is_recording(), autograd.is_training()])
    with autograd.predict_mode():
        show('predict', [autograd.is_recording(), autograd.is_training()])
with autograd.record(train_mode=False):
    show('record predict', [autograd.is_recording(), autograd.is_training()])
with autograd.train_mode():
    show('train', [autograd.is_recording(), autograd.is_training()])
show('set', autograd.set_recording(True))
show('set back', autograd.set_recording(False))
""",
    "gluon dense training": """\
net = gluon.nn.Sequential()
net.add(gluon.nn.Dense(4, activation='relu'), gluon.nn.Dense(2))
net.initialize(mx.init.Constant(0.1))
loss_fn = gluon.loss.L2Loss()
trainer = gluon.Trainer(net.collect_params(), 'sgd', {'learning_rate': 0.1, 'momentum': 0.9, 'wd': 0.01})
data = nd.array([[1., 2., 3.], [0.5, -1., 2.]])
label = nd.array([[1., 0.], [0., 1.]])
for step in range(3):
    with autograd.record():
        loss = loss_fn(net(data), label)
    loss.backward()
    trainer.step(2)
    show('loss %d' % step, loss)
show('params', [p.data() for p in net.collect_params().values()])
show('names', list(net.collect_params().keys()))
""",
    "gluon hybrid block": """\
class Net(gluon.HybridBlock):
    def __init__(self):
        super().__init__()
        with self.name_scope():
            self.dense = gluon.nn.Dense(3, in_units=2, weight_initializer=mx.init.One())
            self.scale = self.params.get('scale', shape=(3,), init=mx.init.Constant(2.))

    def hybrid_forward(self, F, x, scale):
        return F.relu(self.dense(x)) * scale

for hybridize in (False, True):
    net = Net()
    net.initialize()
    if hybridize:
        net.hybridize()
    x = nd.array([[1., -2.], [3., 1.]])
    for step in range(2):
        with autograd.record():
            out = net(x * (step + 1))
        out.backward()
    show('out %s' % hybridize, out)
    show('dense grad %s' % hybridize, net.dense.weight.grad())
    show('scale grad %s' % hybridize, net.scale.grad())
""",
    "gluon losses": """\
pred = nd.array([[1., 2., 0.5], [0.1, -1., 2.]]); pred.attach_grad()
for name, loss_fn, label in [
        ('l2', gluon.loss.L2Loss(), nd.array([[0., 1., 0.], [1., 0., 0.]])),
        ('l1', gluon.loss.L1Loss(), nd.array([[0., 1., 0.], [1., 0., 0.]])),
        ('ce', gluon.loss.SoftmaxCrossEntropyLoss(), nd.array([2, 0])),
        ('ce dense', gluon.loss.SoftmaxCrossEntropyLoss(sparse_label=False),
         nd.array([[0., 0., 1.], [1., 0., 0.]]))]:
    with autograd.record():
        loss = loss_fn(pred, label)
    loss.backward()
    show(name, loss)
    show(name + ' grad', pred.grad)
""",
    "gluon deferred and parameters": """\
net = gluon.nn.Dense(2, use_bias=False)
net.initialize(mx.init.One())
x = nd.array([[1., 2., 3.]])
with autograd.record():
    y = net(x)
y.backward()
show('weight shape', net.weight.shape)
show('y', y)
show('grad', net.weight.grad())
net.weight.set_data(nd.full((2, 3), 0.5))
show('set_data', net.weight.data())
net.collect_params().zero_grad()
show('zero_grad', net.weight.grad())
net.weight.zero_grad()
net.collect_params().setattr('grad_req', 'null')
show('grad_req', net.weight.grad_req)
flat = gluon.nn.Dense(2, flatten=False, in_units=3, weight_initializer=mx.init.One())
flat.initialize()
show('not flattened', flat(nd.ones((2, 4, 3))).shape)
""",
    "np gluon": """\
npx.set_np()
net = gluon.nn.Dense(2, in_units=3)
net.initialize(mx.init.Constant(0.5))
x = np.array([[1., 2., 3.]])
with autograd.record():
    loss = gluon.loss.L2Loss()(net(x), np.array([[1., 0.]]))
loss.backward()
show('loss', loss)
show('grad', net.weight.grad())
show('kind', type(net.weight.data()).__name__)
""",
    "errors other than autograd's": """\
for expression in ["nd.ones(2) + nd.ones(3)", "nd.ones(2)[5]", "nd.ones(2).asscalar()",
                   "bool(nd.ones(2))", "nd.ones(2) + onp.ones(2)", "nd.ones(2) == None",
                   "nd.elemwise_add(nd.ones(2), nd.ones(3))", "nd.relu(nd.ones(2), out=nd.ones(3))",
                   "float(nd.ones(1))", "nd.ones(3)[nd.array([1, 0, 1], dtype='bool')]",
                   "np.ones(2) + onp.ones(2)", "onp.ones(2) * nd.ones(2)", "np.add(np.ones(2), onp.ones(2))",
                   "nd.add(nd.ones(2), 1, out=nd.ones(2))", "nd.equal(nd.ones(2), 1, out=nd.ones(2))",
                   "nd.ones(2) // 2", "np.ones(2) // 2", "np.ones(2) @ np.ones((2, 2))",
                   "nd.ones((2, 2)).reshape((3, 1))", "nd.dot(nd.ones((2, 3)), nd.ones(2))"]:
    try:
        eval(expression)
        show(expression, 'ok')
    except Exception as error:
        show(expression, type(error).__name__)
x = nd.ones(2); x.attach_grad()
with autograd.record():
    y = x * 2
y.backward()
for label, call in [('twice', lambda: y.backward()), ('untagged head', lambda: nd.ones(2).backward())]:
    try:
        call()
        show(label, 'ok')
    except Exception as error:
        show(label, type(error).__name__)
""",
    "np gluon hybridized": """\
npx.set_np()
net = gluon.nn.HybridSequential()
net.add(gluon.nn.Dense(3, activation='tanh', in_units=2), gluon.nn.Dense(1, in_units=3))
net.initialize(mx.init.Constant(0.3))
net.hybridize()
trainer = gluon.Trainer(net.collect_params(), 'sgd', {'learning_rate': 0.5})
x = np.array([[1., -1.], [2., 0.5]])
for step in range(2):
    with autograd.record():
        loss = ((net(x) - 1) ** 2).mean()
    loss.backward()
    trainer.step(1)
    show('loss %d' % step, loss)
net.collect_params().zero_grad()
show('zeroed', [p.grad() for p in net.collect_params().values()])
""",
    "trainer groups and stale gradients": """\
net = gluon.nn.Sequential()
for units in (4, 3, 2):
    net.add(gluon.nn.Dense(units, in_units=4 if units == 3 else (3 if units == 2 else 2)))
net.initialize(mx.init.Constant(0.2))
trainer = gluon.Trainer(net.collect_params(), 'sgd', {'learning_rate': 0.1, 'momentum': 0.5})
x = nd.array([[1., 2.]])
for step in range(2):
    with autograd.record():
        loss = net(x).sum()
    loss.backward()
    trainer.step(1)
show('weights', [p.data() for p in net.collect_params().values()])
try:
    trainer.step(1)
    show('stale', 'ok')
except UserWarning:
    show('stale', 'UserWarning')
trainer.step(1, ignore_stale_grad=True)
show('after ignore', [p.data() for p in net.collect_params().values()])
""",
    "np function and views": """\
npx.set_np()
class Double(autograd.Function):
    def forward(self, a):
        return a * 2

    def backward(self, dy):
        return dy * 2

x = np.array([1., 2., 3.]); x.attach_grad()
with autograd.record():
    y = Double()(x)
    z = (y * x).sum()
z.backward()
show('grad', x.grad)
b = np.arange(6).reshape((2, 3))
row = b[1]
part = row[1:]
part += 100
show('b', b)
c = np.zeros(3)
np.add(x, 1, out=c)
show('c', c)
x.attach_grad()
show('fresh grad', x.grad)
""",
    "copies between arrays": """\
a = nd.array([1., 2., 3.]); b = nd.zeros(3)
a.copyto(b)
a += 1
show('b', b)
c = b.as_in_context(mx.cpu())
c += 1
show('b after alias', b)
d = b.astype('float32', copy=False)
d *= 2
show('b after astype', b)
e = b.astype('int32')
show('cast', e)
show('int dtype', str(e.dtype))
nd.relu(a - 3, out=b)
show('relu out', b)
nd.zeros_like(a, out=a)
show('zeros_like out', a)
""",
})
