package model

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// FieldError is a rejected input: Field names the offending part of the case
// as a JSON path (for example "patterns[1].sigma[2][0]"), Msg says what is
// wrong with it. Its Error is a single line.
type FieldError struct {
	Field string
	Msg   string
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Msg }

func fieldErr(field, format string, args ...any) *FieldError {
	return &FieldError{Field: field, Msg: fmt.Sprintf(format, args...)}
}

// PSDTolerance is the relative tolerance of the positive semi-definiteness
// check: Sigma is accepted when its smallest eigenvalue is at least
// -PSDTolerance times its largest absolute eigenvalue, which admits
// rank-deficient matrices computed in floating point.
const PSDTolerance = 1e-10

// SymmetryTolerance is the relative tolerance of the symmetry check:
// |Sigma[i][j] - Sigma[j][i]| may be at most SymmetryTolerance times the
// largest absolute entry of Sigma. Consumers read the upper triangle.
const SymmetryTolerance = 1e-10

// Validate checks the case and returns the first violation as a
// *FieldError, or nil: every pattern has a mu of the same length N and a
// symmetric positive semi-definite N×N sigma, all finite; the synapses are distinct pairs of distinct neurons in
// range; pattern is an index of patterns. Patterns without a sigma first
// take the case's top-level Sigma (all of them then share that matrix).
func (c *Case) Validate() error {
	if len(c.Patterns) == 0 {
		return fieldErr("patterns", "empty: at least one pattern is needed")
	}
	for k := range c.Patterns {
		if c.Patterns[k].Sigma == nil {
			if c.Sigma == nil {
				return fieldErr(fmt.Sprintf("patterns[%d].sigma", k), "missing, and the case has no top-level sigma")
			}
			c.Patterns[k].Sigma = c.Sigma
		}
	}
	n := len(c.Patterns[0].Mu)
	if n == 0 {
		return fieldErr("patterns[0].mu", "empty: at least two neurons are needed")
	}
	var scratch []float64 // n×n, for the positive-definiteness test
	for k := range c.Patterns {
		if err := c.validatePattern(k, n, &scratch); err != nil {
			return err
		}
	}
	if len(c.Synapses) == 0 {
		return fieldErr("synapses", "empty: at least one synapse is needed")
	}
	seen := make(map[[2]int]int, len(c.Synapses))
	for a, s := range c.Synapses {
		if len(s) != 2 {
			return fieldErr(fmt.Sprintf("synapses[%d]", a), "want a pair [i, j], got %d numbers", len(s))
		}
		for e, i := range s {
			if i < 0 || i >= n {
				return fieldErr(fmt.Sprintf("synapses[%d][%d]", a, e), "neuron %d out of range [0, %d)", i, n)
			}
		}
		if s[0] == s[1] {
			return fieldErr(fmt.Sprintf("synapses[%d]", a), "[%d, %d] is a self-connection (i == j); W has none", s[0], s[1])
		}
		key := [2]int{min(s[0], s[1]), max(s[0], s[1])}
		if b, dup := seen[key]; dup {
			return fieldErr(fmt.Sprintf("synapses[%d]", a), "[%d, %d] is the same synapse as synapses[%d] [%d, %d]",
				s[0], s[1], b, c.Synapses[b][0], c.Synapses[b][1])
		}
		seen[key] = a
	}
	if c.Pattern < 0 || c.Pattern >= len(c.Patterns) {
		return fieldErr("pattern", "%d out of range [0, %d): there are %d patterns", c.Pattern, len(c.Patterns), len(c.Patterns))
	}
	return nil
}

func (c *Case) validatePattern(k, n int, scratch *[]float64) error {
	p := c.Patterns[k]
	name := func() string { return fmt.Sprintf("patterns[%d]", k) } // formatted on failure only
	if len(p.Mu) != n {
		return fieldErr(name()+".mu", "%d entries, want %d (as patterns[0].mu)", len(p.Mu), n)
	}
	for i, v := range p.Mu {
		if !(math.Abs(v) <= math.MaxFloat64) { // NaN or ±Inf
			return fieldErr(fmt.Sprintf("%s.mu[%d]", name(), i), "%v is not a finite number", v)
		}
	}
	// A Sigma equal to the previous pattern's passed every test below.
	if k > 0 && sameMatrix(p.Sigma, c.Patterns[k-1].Sigma) {
		return nil
	}
	if len(p.Sigma) != n {
		return fieldErr(name()+".sigma", "%d rows, want %d (one per neuron)", len(p.Sigma), n)
	}
	scale := 0.0
	for i, row := range p.Sigma {
		if len(row) != n {
			return fieldErr(fmt.Sprintf("%s.sigma[%d]", name(), i), "%d entries, want %d (ragged matrix)", len(row), n)
		}
		for j, v := range row {
			a := math.Abs(v)
			if !(a <= math.MaxFloat64) { // NaN or ±Inf
				return fieldErr(fmt.Sprintf("%s.sigma[%d][%d]", name(), i, j), "%v is not a finite number", v)
			}
			if a > scale {
				scale = a
			}
		}
	}
	for i := 0; i < n; i++ {
		if p.Sigma[i][i] < 0 {
			return fieldErr(fmt.Sprintf("%s.sigma[%d][%d]", name(), i, i), "negative variance %v", p.Sigma[i][i])
		}
		for j := i + 1; j < n; j++ {
			if d := math.Abs(p.Sigma[i][j] - p.Sigma[j][i]); d > SymmetryTolerance*scale {
				return fieldErr(fmt.Sprintf("%s.sigma[%d][%d]", name(), i, j), "not symmetric: %v but sigma[%d][%d] is %v",
					p.Sigma[i][j], j, i, p.Sigma[j][i])
			}
		}
	}
	// Fast acceptance: if Sigma + t·I is positive definite with t the
	// tolerance times the largest diagonal entry (a lower bound of the
	// largest absolute eigenvalue), every eigenvalue exceeds −t. Only
	// otherwise is the spectrum computed.
	sig := p.Sigma
	maxDiag := 0.0
	for i := 0; i < n; i++ {
		maxDiag = max(maxDiag, sig[i][i])
	}
	if maxDiag > 0 {
		if len(*scratch) < n*n {
			*scratch = make([]float64, n*n)
		}
		shifted := (*scratch)[:n*n]
		for i := 0; i < n; i++ {
			copy(shifted[i*n+i:(i+1)*n], sig[i][i:])
			shifted[i*n+i] += PSDTolerance * maxDiag
		}
		if positiveDefinite(shifted, n) {
			return nil
		}
	}
	sym := c.SigmaSym(k)
	var eig mat.EigenSym
	if !eig.Factorize(sym, false) {
		return fieldErr(name()+".sigma", "eigenvalue computation did not converge")
	}
	vals := eig.Values(nil)
	lo, hi := vals[0], math.Max(math.Abs(vals[0]), math.Abs(vals[len(vals)-1]))
	if lo < -PSDTolerance*hi {
		return fieldErr(name()+".sigma", "not positive semi-definite: smallest eigenvalue %.6g", lo)
	}
	return nil
}

func sameMatrix(a, b [][]float64) bool {
	if len(a) != len(b) {
		return false
	}
	if len(a) > 0 && &a[0] == &b[0] {
		return true
	}
	for i := range a {
		if len(a[i]) != len(b[i]) {
			return false
		}
		for j := range a[i] {
			if a[i][j] != b[i][j] {
				return false
			}
		}
	}
	return true
}

// positiveDefinite reports whether the symmetric matrix a (n×n, row-major;
// its upper triangle is read) is positive definite in floating point: the
// Cholesky factorisation a = UᵀU meets only positive, finite pivots. It
// overwrites the upper triangle of a with U. (Unblocked, with the loops
// inline: the orders of a Sigma are small, and this runs for every pattern
// of every case.)
func positiveDefinite(a []float64, n int) bool {
	for p := 0; p < n; p++ {
		row := a[p*n : p*n+n]
		d := row[p]
		if !(d > 0) || math.IsInf(d, 1) {
			return false
		}
		u := math.Sqrt(d)
		row[p] = u
		for j := p + 1; j < n; j++ {
			row[j] /= u
		}
		for i := p + 1; i < n; i++ {
			f := row[i]
			ri := a[i*n+i : i*n+n]
			rp := row[i:n]
			rp = rp[:len(ri)]
			for j := range ri {
				ri[j] -= f * rp[j]
			}
		}
	}
	return true
}
