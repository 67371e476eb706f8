package analytic

import (
	"math"

	"github.com/syninfo/syninfo/model"
)

// Status says what a closed-form result means; see the package doc.
type Status string

// The statuses of a result, in the order they are decided: the first three
// are properties of the exact model, the last three of the approximation.
const (
	// Zero: pattern m's Hebbian term is constant on S (V_m = 0: X^(m)'s
	// log-fluctuations lie in the null space of the incidence matrix, or
	// Sigma_m vanishes on the touched neurons), so W_S does not depend on
	// X^(m) and the exact information is 0.
	Zero Status = "zero"
	// Infinite: the exact information is +∞ (K = 1 with a non-constant
	// term, or W_S^(-m) lives on a set of lower dimension than W_S).
	Infinite Status = "infinite"
	// LowerDimensional: W_S and W_S^(-m) both live on sets of the same
	// dimension Dim = DimRest < n. The information is finite, but neither
	// law has a density on R^n, so the n-dimensional closed form does not
	// describe it.
	LowerDimensional Status = "lower_dimensional"
	// Imprecise: double precision cannot deliver the closed form of this
	// case to 1e-6 (ErrorBound exceeds 1e-6·max(1, |MINats|)), or cannot
	// tell whether C or C' is positive definite, or the dimension test is
	// ambiguous. MINats, when finite, is the value computed, not to be
	// trusted to 1e-6.
	Imprecise Status = "imprecise"
	// NotPositiveDefinite: C or C' is not positive definite although the
	// exact model is not degenerate (an artefact of the approximation).
	NotPositiveDefinite Status = "not_positive_definite"
	// OK: C and C' are positive definite, the exact model has a density,
	// and MINats is good to 1e-6 (absolute, or relative above 1 nat).
	OK Status = "ok"
)

// Tolerance is the accuracy below which a value is reported as OK: its
// error estimate must not exceed Tolerance·max(1, |MINats|).
const Tolerance = 1e-6

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
	// Validated says that the case has passed model.Case.Validate (as
	// every case from model.Decoder has), so Compute does not check it again.
	Validated bool
	// perPattern forces the general per-pattern build (tests compare it
	// with the shared-Sigma path).
	perPattern bool
}

// Result is the closed form of one case.
type Result struct {
	// Status says what MINats means.
	Status Status
	// MINats is I_FW in nats, finite whenever C and C' are positive
	// definite (also under Zero, Infinite, LowerDimensional and Imprecise,
	// where it is not the truth or not exact); NaN otherwise.
	MINats float64
	// ErrorBound estimates the rounding error of MINats in nats (NaN when
	// MINats is): the errors of the entries of C and C' magnified by the
	// conditioning of their factorisations, plus the resolution of the
	// input's log-means (half a unit in the last place).
	ErrorBound float64
	// LogMean and LogMeanRest are ν and ν', the log-means of the log-normals
	// matched to W_S and W_S^(-m).
	LogMean, LogMeanRest []float64
	// LogDet and LogDetRest are ln det C and ln det C' (NaN when not
	// positive definite).
	LogDet, LogDetRest float64
	// Condition and ConditionRest are the 1-norm condition numbers of C and
	// C' after equilibration (scaled to unit diagonal), estimated from their
	// Cholesky factors (NaN when not positive definite).
	Condition, ConditionRest float64
	// MinEigenvalue and MinEigenvalueRest are the smallest eigenvalues of C
	// and C' (NaN when not computed; see EigenMode).
	MinEigenvalue, MinEigenvalueRest float64
	// Support describes the dimensions of the exact laws of W_S and
	// W_S^(-m), on which the first three statuses rest.
	Support Support
}

// MIBits returns MINats in bits.
func (r *Result) MIBits() float64 { return r.MINats / math.Ln2 }

// Compute evaluates the closed form and its status for a valid case (see
// model.Case.Validate).
//
// The value is assembled so that no two large numbers are subtracted:
//
//	I = Σ_a (ln E_a − ln E'_a − Δ_a/2) + ½ Σ_a log1p(Δ_a / C'_aa) + ½ (ln det R − ln det R')
//
// with Δ_a = C_aa − C'_aa computed directly and R, R' the equilibrated C, C'.
func Compute(c *model.Case, o Options) (*Result, error) {
	if !o.Validated {
		if err := c.Validate(); err != nil {
			return nil, err
		}
	}
	n := c.Len()
	nan := math.NaN()
	mo := buildMoments(c, o.Workers, o.perPattern)
	res := &Result{MINats: nan, ErrorBound: nan, LogDet: nan, LogDetRest: nan,
		Condition: nan, ConditionRest: nan, MinEigenvalue: nan, MinEigenvalueRest: nan,
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
		fRest = &factor{logDet: nan, cond: nan}
	}
	pd, pdRest := f.ok, fRest.ok
	res.LogDet, res.LogDetRest = f.logDet, fRest.logDet
	res.Condition, res.ConditionRest = f.cond, fRest.cond
	if pd && pdRest {
		res.MINats, res.ErrorBound = assemble(mo, f, fRest)
	}
	needEigen := o.Eigenvalues != EigenNever || !(pd && pdRest)
	if needEigen && n <= eigenFromFactor || o.Eigenvalues != EigenNever {
		res.MinEigenvalue = f.minEigenvalue()
		if c.K() > 1 {
			res.MinEigenvalueRest = fRest.minEigenvalue()
		}
	}
	res.Status = decide(res, mo, pd, pdRest)
	return res, nil
}

// assemble returns I and its error estimate from the moments and the two
// factorisations.
func assemble(mo *moments, f, fRest *factor) (mi, bound float64) {
	n := mo.n
	var s, sAbs, errS float64
	for a := 0; a < n; a++ {
		d, cr := mo.delta[a], mo.cRest[a*n+a]
		x := d / cr
		t := mo.dLogE[a] - d/2 + math.Log1p(x)/2
		s += t
		sAbs += math.Abs(mo.dLogE[a]) + math.Abs(d)/2 + math.Abs(math.Log1p(x))/2
		errS += mo.errDLogE[a] + mo.errDelta[a]/2 +
			(mo.errDelta[a]+math.Abs(x)*mo.errDiagRest[a])/(2*cr*(1+x))
	}
	ldR := (f.logDetR - fRest.logDetR) / 2
	mi = s + ldR
	// A perturbation δR with |δR_ab| ≤ η moves ln det R by at most
	// Σ_ab |δR_ab| |(R⁻¹)_ab| ≤ n η ‖R⁻¹‖₁; the factorisation itself adds
	// a backward error of about nε per entry.
	nf := float64(n)
	errDet := nf*(mo.eta+nf*eps)*f.invNorm1 + nf*(mo.etaRest+nf*eps)*fRest.invNorm1
	// The log-means as read: an error δ in one of them moves I by at most
	// about 2 per synapse touching it (each ln e_ka moves by δ).
	errMu := 4 * nf * mo.errMu
	bound = errS + errDet/2 + errMu + eps*(sAbs+math.Abs(f.logDetR)+math.Abs(fRest.logDetR))
	return mi, bound
}

// decide returns the status of a result (see Status).
func decide(res *Result, mo *moments, pd, pdRest bool) Status {
	sup := res.Support
	n := mo.n
	switch {
	case sup.ConstantPattern:
		return Zero
	case sup.Dim > sup.DimRest:
		return Infinite
	case sup.Dim < n:
		return LowerDimensional
	case sup.Ambiguous:
		return Imprecise
	}
	if pd && pdRest {
		if !(res.ErrorBound <= Tolerance*max(1, math.Abs(res.MINats))) {
			return Imprecise
		}
		return OK
	}
	// Not positive definite in floating point: is the smallest eigenvalue
	// clearly below what rounding in the entries can move (‖δC‖₂ ≤ n·max|δC_ab|)?
	for _, t := range []struct {
		ok      bool
		lam     float64
		eta     float64
		diagMax float64
	}{{pd, res.MinEigenvalue, mo.eta, maxDiag(mo.c, n)}, {pdRest, res.MinEigenvalueRest, mo.etaRest, maxDiag(mo.cRest, n)}} {
		if !t.ok && !math.IsNaN(t.lam) && !(t.lam < -2*float64(n)*(t.eta+float64(n)*eps)*t.diagMax) {
			return Imprecise
		}
	}
	return NotPositiveDefinite
}

func maxDiag(a []float64, n int) float64 {
	m := 0.0
	for i := 0; i < n; i++ {
		m = max(m, math.Abs(a[i*n+i]))
	}
	return m
}
