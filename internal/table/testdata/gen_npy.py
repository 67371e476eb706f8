# Writes the .npy fixtures of npy_test.go with numpy (an implementation
# independent of ours). Run from this folder: /usr/bin/python3 gen_npy.py
# (numpy 1.24.2, Debian bookworm's python3-numpy).
import numpy as np

np.save("f8_c.npy", np.arange(6.0).reshape(2, 3) * 1.5 - 1)
np.save("f4_fortran.npy", np.asfortranarray(np.array([[1, 2, 3], [4, 5, 6]], dtype="<f4") / 4))
np.save("i8.npy", np.array([[-3, 7], [2**40, 0]], dtype="<i8"))
np.save("be_f8_1d.npy", np.array([0.1, -2.5e-300, 3e300], dtype=">f8"))
np.save("u1.npy", np.array([[0, 255]], dtype="u1"))
np.save("i2.npy", np.array([[-32768, 32767]], dtype="<i2"))
np.save("bool.npy", np.array([[True, False]]))
np.save("struct.npy", np.array([(1.5, 2, 0.25), (-1, 3, 8)],
                               dtype=[("w_0_1", "<f8"), ("case", "<i8"), ("x_0", "<f4")]))
np.save("nan.npy", np.array([[1.0, np.nan]]))
np.save("inf.npy", np.array([[np.inf, 1.0]], dtype="<f4"))
np.save("3d.npy", np.zeros((2, 2, 2)))
np.save("scalar.npy", np.float64(3))
np.save("complex.npy", np.array([1 + 2j]))
np.save("empty.npy", np.zeros((0, 3)))
np.save("object.npy", np.array([1, "a"], dtype=object), allow_pickle=True)
with open("v2.npy", "wb") as f:
    np.lib.format.write_array(f, np.array([[1.0, 2.0], [3.0, 4.0]]), version=(2, 0))
# The writer's golden: what numpy writes for the table of TestWriteNPY.
np.save("written.npy", np.array([[0.5, -1e-310, 3], [1e300, 2, -0.0]], dtype="<f8"))
# A larger array (to cross buffer sizes): rows of (i, i/7, -i), 2000 rows.
i = np.arange(2000.0)
np.save("big_fortran.npy", np.asfortranarray(np.stack([i, i / 7, -i], axis=1)))
