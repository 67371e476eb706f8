package exact

import (
	"math"
	"sync"
)

// This file holds the independent reference for the pair (n = 2) tests:
// the density of W = T_1 + T_2 for two independent 2-D log-normal terms by
// direct 2-D quadrature of the convolution in w (Gauss–Legendre panels, no
// log-space change of variables, no interpolation, no mixture over a
// latent factor), tabulated on a grid in u = ln w, and the entropy by the
// 2-D trapezoidal rule over that grid.

// gl16 are the 16-point Gauss–Legendre nodes (positive half) and weights.
var (
	gl16X = [8]float64{0.0950125098376374, 0.2816035507792589, 0.4580167776572274,
		0.6178762444026438, 0.7554044083550030, 0.8656312023878318,
		0.9445750230732326, 0.9894009349916499}
	gl16W = [8]float64{0.1894506104550685, 0.1826034150449236, 0.1691565193950025,
		0.1495959888165767, 0.1246289712555339, 0.0951585116824928,
		0.0622535239386479, 0.0271524594117541}
)

// glPanels returns nodes and weights of the Gauss–Legendre rule on [a, b]
// split into panels no wider than width.
func glPanels(a, b, width float64) (xs, ws []float64) {
	if b <= a {
		return nil, nil
	}
	n := int(math.Ceil((b - a) / width))
	for p := 0; p < n; p++ {
		lo := a + (b-a)*float64(p)/float64(n)
		hi := a + (b-a)*float64(p+1)/float64(n)
		c, r := (lo+hi)/2, (hi-lo)/2
		for i := range gl16X {
			xs = append(xs, c-r*gl16X[i], c+r*gl16X[i])
			ws = append(ws, r*gl16W[i], r*gl16W[i])
		}
	}
	return xs, ws
}

// refTerm2 is a 2-D log-normal term for the reference.
type refTerm2 struct {
	m             [2]float64
	v11, v12, v22 float64
}

// refPairDensity returns f_W(w) = ∫∫ f_1(t) f_2(w - t) dt over
// (0, w_1) x (0, w_2). Each axis is split at w_a/2; on the lower half the
// variable is ln t_a, on the upper ln(w_a - t_a), so the integrand is smooth
// and decays like a Gaussian at the ends; each variable runs over its
// term's log-mean -/+ 8.5 log-sd (cut at ln(w_a/2)), in Gauss–Legendre
// panels no wider than width times the narrowest log-sd of either term
// (the square root of the smallest eigenvalue of its log-covariance).
func refPairDensity(p, q refTerm2, w1, w2, width float64) float64 {
	s := math.Min(narrowest(p), narrowest(q))
	type axis struct {
		xs, ws []float64
		lower  bool
	}
	var parts [2][2]axis
	w := [2]float64{w1, w2}
	for a := range 2 {
		for h, lower := range []bool{true, false} {
			t := p
			if !lower {
				t = q
			}
			sd := math.Sqrt(axisVar(t, a))
			xs, ws := glPanels(t.m[a]-8.5*sd, math.Min(t.m[a]+8.5*sd, math.Log(w[a]/2)), width*s)
			parts[a][h] = axis{xs, ws, lower}
		}
	}
	// On each part, per node: the logs of t_a and of w_a - t_a, and the log
	// of the Jacobian (t_a or w_a - t_a) minus ln t_a + ln(w_a - t_a), so the
	// double loop is a quadratic form and one exp.
	type nodes struct{ lt, ls, c []float64 }
	var nd [2][2]nodes
	for a := range 2 {
		for h, A := range parts[a] {
			n := nodes{make([]float64, len(A.xs)), make([]float64, len(A.xs)), make([]float64, len(A.xs))}
			for i, x := range A.xs {
				other := math.Log(w[a] - math.Exp(x))
				if A.lower {
					n.lt[i], n.ls[i] = x, other
				} else {
					n.lt[i], n.ls[i] = other, x
				}
				n.c[i] = math.Log(A.ws[i]) + x - n.lt[i] - n.ls[i]
			}
			nd[a][h] = n
		}
	}
	dp, dq := p.v11*p.v22-p.v12*p.v12, q.v11*q.v22-q.v12*q.v12
	c0 := -2*math.Log(2*math.Pi) - 0.5*math.Log(dp) - 0.5*math.Log(dq)
	total := 0.0
	for _, A := range nd[0] {
		for _, B := range nd[1] {
			for i := range A.lt {
				x1, y1 := A.lt[i]-p.m[0], A.ls[i]-q.m[0]
				ci := c0 + A.c[i] - (p.v22*x1*x1/dp+q.v22*y1*y1/dq)/2
				for j := range B.lt {
					x2, y2 := B.lt[j]-p.m[1], B.ls[j]-q.m[1]
					l := ci + B.c[j] - (p.v11*x2*x2-2*p.v12*x1*x2)/(2*dp) - (q.v11*y2*y2-2*q.v12*y1*y2)/(2*dq)
					if l > -700 {
						total += math.Exp(l)
					}
				}
			}
		}
	}
	return total
}

// narrowest is the square root of the smallest eigenvalue of t's
// log-covariance: the width of its density's narrowest direction.
func narrowest(t refTerm2) float64 {
	tr, det := t.v11+t.v22, t.v11*t.v22-t.v12*t.v12
	return math.Sqrt(det / (tr/2 + math.Sqrt(tr*tr/4-det)))
}

func axisVar(t refTerm2, a int) float64 {
	if a == 0 {
		return t.v11
	}
	return t.v22
}

// refPairEntropy returns h(W) = ∫∫ g (u_1 + u_2 - ln g) du for
// g(u) = f_W(e^u) e^(u_1 + u_2), tabulated at step du times the narrowest
// log-sd of the two terms over the range of their cuts.
func refPairEntropy(p, q refTerm2, du, width float64) float64 {
	var lo, hi [2]float64
	for a := range 2 {
		sp, sq := math.Sqrt(axisVar(p, a)), math.Sqrt(axisVar(q, a))
		lo[a] = math.Max(p.m[a]-9*sp, q.m[a]-9*sq)
		hi[a] = logAddExpRef(p.m[a]+9*sp, q.m[a]+9*sq)
	}
	du *= math.Min(narrowest(p), narrowest(q))
	var u1s []float64
	for u1 := math.Ceil(lo[0]/du) * du; u1 <= hi[0]; u1 += du {
		u1s = append(u1s, u1)
	}
	rows := make([]float64, len(u1s))
	var wg sync.WaitGroup
	for wk := 0; wk < 2; wk++ {
		wg.Add(1)
		go func(wk int) {
			defer wg.Done()
			for r := wk; r < len(u1s); r += 2 {
				u1 := u1s[r]
				for u2 := math.Ceil(lo[1]/du) * du; u2 <= hi[1]; u2 += du {
					g := refPairDensity(p, q, math.Exp(u1), math.Exp(u2), width) * math.Exp(u1+u2)
					if g > 0 {
						rows[r] += g * (u1 + u2 - math.Log(g))
					}
				}
			}
		}(wk)
	}
	wg.Wait()
	s := 0.0
	for _, r := range rows {
		s += r
	}
	return s * du * du
}
