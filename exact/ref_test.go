package exact

import "math"

// This file holds the independent reference the tests compare against: the
// density of W = T_1 + ... + T_K computed pointwise by adaptive Gauss–Kronrod
// quadrature of the convolution in w (not in ln w, no grid, no
// interpolation), and the entropy by adaptive quadrature of that density.

// Kronrod 15-point nodes and weights on [-1, 1] (of the Gauss–Kronrod 7-15 pair).
var (
	gkX = [8]float64{0.991455371120812639206854697526329, 0.949107912342758524526189684047851,
		0.864864423359769072789712788640926, 0.741531185599394439863864773280788,
		0.586087235467691130294144845693013, 0.405845151377397166906606412076961,
		0.207784955007898467600689403773245, 0}
	gkW = [8]float64{0.022935322010529224963732008058970, 0.063092092629978553290700663189204,
		0.104790010322250183839876322541518, 0.140653259715525918745189590510238,
		0.169004726639267902826583426598550, 0.190350578064785409913256402421014,
		0.204432940075298892414161999234649, 0.209482141084727828012999174891714}
)

// kronrod returns the 15-point Kronrod estimate of the integral over [a, b].
func kronrod(f func(float64) float64, a, b float64) float64 {
	c, r := (a+b)/2, (b-a)/2
	k := gkW[7] * f(c)
	for i := 0; i < 7; i++ {
		k += gkW[i] * (f(c-r*gkX[i]) + f(c+r*gkX[i]))
	}
	return k * r
}

// adaptK refines whole (the Kronrod estimate over [a, b]) by bisection until
// the halves agree with it to tol.
func adaptK(f func(float64) float64, a, b, whole, tol float64, depth int) float64 {
	c := (a + b) / 2
	l, r := kronrod(f, a, c), kronrod(f, c, b)
	if depth <= 0 || math.Abs(l+r-whole) <= tol {
		return l + r
	}
	return adaptK(f, a, c, l, tol/2, depth-1) + adaptK(f, c, b, r, tol/2, depth-1)
}

// panels integrates f over [a, b] split first into panels no wider than
// width, so that no feature of that width can fall between the nodes; each
// panel is then refined adaptively to an absolute error of rtol times a
// first estimate of the whole integral (or atol, if larger).
func panels(f func(float64) float64, a, b, width, rtol, atol float64) float64 {
	if b <= a {
		return 0
	}
	n := int(math.Ceil((b - a) / width))
	edge := func(i int) float64 { return a + (b-a)*float64(i)/float64(n) }
	rough := make([]float64, n)
	total := 0.0
	for i := range rough {
		rough[i] = kronrod(f, edge(i), edge(i+1))
		total += rough[i]
	}
	tol := math.Max(atol, rtol*math.Abs(total)) / float64(n)
	s := 0.0
	for i := range rough {
		s += adaptK(f, edge(i), edge(i+1), rough[i], tol, 12)
	}
	return s
}

// refTerm is a log-normal term for the reference.
type refTerm struct{ m, v float64 }

// pdf is the density of T at t > 0.
func (r refTerm) pdf(t float64) float64 {
	if t <= 0 {
		return 0
	}
	z := math.Log(t) - r.m
	return math.Exp(-z*z/(2*r.v)) / (t * math.Sqrt(2*math.Pi*r.v))
}

// dist is a density on (0, inf) with a lower bound of ln of its support
// and a feature width in ln w.
type dist struct {
	pdf        func(float64) float64
	xlo, width float64
}

func termDist(t refTerm) dist {
	s := math.Sqrt(t.v)
	return dist{t.pdf, t.m - 12*s, s / 2}
}

// convolve returns the density of the sum of two independent variables at w:
// f(w) = ∫_0^w f_S(t) f_T(w - t) dt, split at w/2, each half in x = ln t.
func convolve(s, t dist, w float64) float64 {
	half := func(p, q dist) float64 {
		return panels(func(x float64) float64 {
			u := math.Exp(x)
			return p.pdf(u) * q.pdf(w-u) * u
		}, p.xlo, math.Log(w/2), math.Min(p.width, q.width), 1e-13, 1e-300)
	}
	return half(s, t) + half(t, s)
}

// sumDist returns the law of the sum of the terms: for two terms, nested
// quadrature of the convolution; for more, the law of all but the last is
// tabulated on a fine grid in ln w (step width/8, its ln-density read back by
// 6-point Lagrange interpolation) and convolved with the last by quadrature.
func sumDist(terms []refTerm) dist {
	if len(terms) == 1 {
		return termDist(terms[0])
	}
	first := sumDist(terms[:len(terms)-1])
	if len(terms) > 2 {
		first = tabulate(first, terms[:len(terms)-1])
	}
	last := termDist(terms[len(terms)-1])
	return dist{
		pdf:   func(w float64) float64 { return convolve(first, last, w) },
		xlo:   math.Max(first.xlo, last.xlo),
		width: math.Min(first.width, last.width),
	}
}

// tabulate returns d with its density tabulated over the range of the terms.
func tabulate(d dist, terms []refTerm) dist {
	xhi := math.Inf(-1)
	for _, t := range terms {
		xhi = logAddExpRef(xhi, t.m+12*math.Sqrt(t.v))
	}
	step := d.width / 8
	n := int(math.Ceil((xhi-d.xlo)/step)) + 1
	tab := make([]float64, n)
	for i := range tab {
		y := d.xlo + float64(i)*step
		tab[i] = math.Log(d.pdf(math.Exp(y))) + y
	}
	xlo := d.xlo
	d.pdf = func(w float64) float64 {
		x := (math.Log(w) - xlo) / step
		if x < 0 || x > float64(n-1) || w <= 0 {
			return 0
		}
		b := max(0, min(int(x)-2, n-6))
		l := 0.0
		for k := 0; k < 6; k++ {
			c := 1.0
			for j := 0; j < 6; j++ {
				if j != k {
					c *= (x - float64(b+j)) / float64(k-j)
				}
			}
			l += c * tab[b+k]
		}
		return math.Exp(l) / w
	}
	return d
}

// refEntropy returns h(W) = ∫ -g ln g du + E[U] over u = ln w, g(u) = f_W(e^u) e^u.
func refEntropy(terms []refTerm) float64 {
	d := sumDist(terms)
	hi := math.Inf(-1)
	for _, t := range terms {
		hi = logAddExpRef(hi, t.m+12*math.Sqrt(t.v))
	}
	return panels(func(u float64) float64 {
		g := d.pdf(math.Exp(u)) * math.Exp(u)
		if g <= 0 {
			return 0
		}
		return -g*math.Log(g) + u*g
	}, d.xlo, hi, d.width, 1e-12, 1e-13)
}

func logAddExpRef(a, b float64) float64 {
	if math.IsInf(a, -1) {
		return b
	}
	m := math.Max(a, b)
	return m + math.Log(math.Exp(a-m)+math.Exp(b-m))
}
