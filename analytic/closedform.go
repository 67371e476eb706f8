package analytic

import (
	"math"

	"github.com/syninfo/syninfo/model"
)

// Status says what a closed-form result means; see the package doc.
type Status string

// The statuses of a result.
const (
	// OK: C and C' are positive definite and the exact model has a density.
	OK Status = "ok"
	// Infinite: the exact information is +∞ (a property of the model).
	Infinite Status = "infinite"
	// NotPositiveDefinite: C or C' is not positive definite although the
	// exact model is not degenerate (an artefact of the approximation).
	NotPositiveDefinite Status = "not_positive_definite"
)

// EigenMode selects whether the smallest eigenvalues of C and C' are computed.
type EigenMode int

const (
	// EigenAuto computes them (the default). Up to n = 400 they come from a
	// dense eigensolver; above, by Lanczos iteration (on the inverse, from
	// the Cholesky factor, when the matrix is positive definite).
	EigenAuto EigenMode = iota
	// EigenAlways is EigenAuto.
	EigenAlways
	// EigenNever skips them (MinEigenvalue and MinEigenvalueRest are NaN).
	EigenNever
)

// Options tune Compute. The zero value is ready to use.
type Options struct {
	// Eigenvalues selects when smallest eigenvalues are computed.
	Eigenvalues EigenMode
	// Workers bounds the goroutines building C and C'; 0 means GOMAXPROCS.
	// Results do not depend on it.
	Workers int
}

// Result is the closed form of one case.
type Result struct {
	// Status says what MINats means.
	Status Status
	// MINats is I_FW in nats, finite whenever C and C' are positive
	// definite (also under Infinite, where it is wrong by construction);
	// NaN otherwise.
	MINats float64
	// LogMean and LogMeanRest are ν and ν', the log-means of the log-normals
	// matched to W_S and W_S^(-m).
	LogMean, LogMeanRest []float64
	// LogDet and LogDetRest are ln det C and ln det C' (NaN when not
	// positive definite).
	LogDet, LogDetRest float64
	// MinEigenvalue and MinEigenvalueRest are the smallest eigenvalues of C
	// and C' (NaN when not computed; see EigenMode).
	MinEigenvalue, MinEigenvalueRest float64
	// Support describes the dimensions of the exact laws of W_S and
	// W_S^(-m), on which the Infinite status rests.
	Support Support
}

// MIBits returns MINats in bits.
func (r *Result) MIBits() float64 { return r.MINats / math.Ln2 }

// Compute evaluates the closed form and its status for a valid case (see
// model.Case.Validate).
func Compute(c *model.Case, o Options) (*Result, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	n := c.Len()
	mo := buildMoments(c, o.Workers)
	res := &Result{MINats: math.NaN(), LogDet: math.NaN(), LogDetRest: math.NaN(),
		MinEigenvalue: math.NaN(), MinEigenvalueRest: math.NaN(),
		LogMean: make([]float64, n), LogMeanRest: make([]float64, n)}
	for a := 0; a < n; a++ {
		res.LogMean[a] = mo.logE[a] - mo.c[a*n+a]/2
		res.LogMeanRest[a] = mo.logERest[a] - mo.cRest[a*n+a]/2
	}
	res.Support = support(c)
	// Factorise C and C' at the same time: each factorisation is parallel,
	// but the two together keep both cores busier.
	var f, fRest *factor
	if c.K() > 1 {
		done := make(chan struct{})
		go func() {
			fRest = factorise(mo.cRest, n)
			close(done)
		}()
		f = factorise(mo.c, n)
		<-done
	} else {
		f = factorise(mo.c, n)
		fRest = &factor{logDet: math.NaN()}
	}
	pd, pdRest := f.ok, fRest.ok
	res.LogDet, res.LogDetRest = f.logDet, fRest.logDet
	if pd && pdRest {
		// Σ_a (ν_a − ν'_a) + ½(ln det C − ln det C'), with ln E_a − ln E'_a
		// taken as log1p(e_ma / E'_a) rather than as a difference.
		var s float64
		for a := 0; a < n; a++ {
			s += mo.dLogE[a] - (mo.c[a*n+a]-mo.cRest[a*n+a])/2
		}
		res.MINats = s + (res.LogDet-res.LogDetRest)/2
	}
	if o.Eigenvalues != EigenNever {
		res.MinEigenvalue = f.minEigenvalue()
		if c.K() > 1 {
			res.MinEigenvalueRest = fRest.minEigenvalue()
		}
	}
	switch {
	case res.Support.Dim > res.Support.DimRest:
		res.Status = Infinite
	case !pd || !pdRest:
		res.Status = NotPositiveDefinite
	default:
		res.Status = OK
	}
	return res, nil
}
