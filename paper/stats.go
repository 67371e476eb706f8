package paper

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/syninfo/syninfo/num"
)

// Fit is an ordinary least-squares line y = Intercept + Slope·x with the
// statistics the paper quotes.
type Fit struct {
	// N is the number of points.
	N int `json:"n"`
	// Slope and Intercept of the least-squares line.
	Slope     float64 `json:"slope"`
	Intercept float64 `json:"intercept"`
	// SlopeSE is the standard error of the slope; SlopeCI its 95%
	// confidence interval (Student t, N−2 degrees of freedom).
	SlopeSE float64    `json:"slope_se"`
	SlopeCI [2]float64 `json:"slope_ci"`
	// R is Pearson's correlation of x and y, P its two-sided p-value (the
	// same as the p-value of the slope).
	R float64 `json:"r"`
	P float64 `json:"p"`
}

// errFewPoints is returned by the statistics when there are too few points.
var errFewPoints = errors.New("too few points")

// OLS fits y = a + b·x by least squares (as statsmodels' OLS with a
// constant, and scipy.stats.linregress / pearsonr). It needs at least three
// points and x not constant.
func OLS(x, y []float64) (Fit, error) {
	n := len(x)
	if n != len(y) {
		return Fit{}, fmt.Errorf("ols: %d x values but %d y values", n, len(y))
	}
	if n < 3 {
		return Fit{}, fmt.Errorf("ols: %d points: %w", n, errFewPoints)
	}
	_, vx := stat.MeanVariance(x, nil)
	if vx == 0 {
		return Fit{}, errors.New("ols: x is constant")
	}
	f := Fit{N: n}
	f.Intercept, f.Slope = stat.LinearRegression(x, y, nil, false)
	df := float64(n - 2)
	// Residual sum of squares, computed from the residuals (not from
	// syy − b·sxy, which cancels badly for a near-perfect fit).
	var rss float64
	for i := range x {
		e := y[i] - f.Intercept - f.Slope*x[i]
		rss += e * e
	}
	f.SlopeSE = math.Sqrt(rss / df / (vx * float64(n-1)))
	q := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: df}.Quantile(0.975)
	f.SlopeCI = [2]float64{f.Slope - q*f.SlopeSE, f.Slope + q*f.SlopeSE}
	if stat.Variance(y, nil) == 0 {
		f.R, f.P = math.NaN(), math.NaN()
		return f, nil
	}
	f.R = math.Max(-1, math.Min(1, stat.Correlation(x, y, nil)))
	f.P = corrP(f.R, n)
	return f, nil
}

// corrP is the two-sided p-value of Pearson's r from n points: the
// t-statistic r·√((n−2)/(1−r²)) against Student's t with n−2 degrees of
// freedom.
func corrP(r float64, n int) float64 {
	if math.Abs(r) == 1 {
		return 0
	}
	df := float64(n - 2)
	t := r * math.Sqrt(df/((1-r)*(1+r)))
	return twoSided(t, df)
}

// twoSided is the two-sided p-value of t under Student's t with df degrees
// of freedom, from the survival function (accurate far in the tail).
func twoSided(t, df float64) float64 {
	return 2 * distuv.StudentsT{Mu: 0, Sigma: 1, Nu: df}.Survival(math.Abs(t))
}

// TTest is the result of a two-sample t-test of the means of a and b.
type TTest struct {
	// T is the statistic (mean(a) − mean(b)) / SE, DF its degrees of
	// freedom, P the two-sided p-value.
	T  float64 `json:"t"`
	DF float64 `json:"df"`
	P  float64 `json:"p"`
	// NA and NB are the sample sizes.
	NA int `json:"n_a"`
	NB int `json:"n_b"`
}

// StudentT is Student's two-sample t-test with pooled variance, as
// scipy.stats.ttest_ind with its default equal_var=True (the authors'
// call in notebooks/plot_fig4.ipynb).
func StudentT(a, b []float64) (TTest, error) {
	na, nb := len(a), len(b)
	if na < 2 || nb < 2 {
		return TTest{}, fmt.Errorf("t-test: samples of %d and %d: %w", na, nb, errFewPoints)
	}
	ma, va := stat.MeanVariance(a, nil)
	mb, vb := stat.MeanVariance(b, nil)
	df := float64(na + nb - 2)
	pooled := (float64(na-1)*va + float64(nb-1)*vb) / df
	se := math.Sqrt(pooled * (1/float64(na) + 1/float64(nb)))
	t := (ma - mb) / se
	return TTest{T: t, DF: df, P: twoSided(t, df), NA: na, NB: nb}, nil
}

// WelchT is Welch's two-sample t-test (unequal variances, Welch–Satterthwaite
// degrees of freedom), as scipy.stats.ttest_ind with equal_var=False.
func WelchT(a, b []float64) (TTest, error) {
	na, nb := len(a), len(b)
	if na < 2 || nb < 2 {
		return TTest{}, fmt.Errorf("t-test: samples of %d and %d: %w", na, nb, errFewPoints)
	}
	ma, va := stat.MeanVariance(a, nil)
	mb, vb := stat.MeanVariance(b, nil)
	qa, qb := va/float64(na), vb/float64(nb)
	t := (ma - mb) / math.Sqrt(qa+qb)
	df := (qa + qb) * (qa + qb) / (qa*qa/float64(na-1) + qb*qb/float64(nb-1))
	return TTest{T: t, DF: df, P: twoSided(t, df), NA: na, NB: nb}, nil
}

// Summary describes one sample.
type Summary struct {
	N      int       `json:"n"`
	Mean   num.Float `json:"mean"`
	Median num.Float `json:"median"`
	// SD is the sample standard deviation (N−1 divisor).
	SD num.Float `json:"sd"`
}

// Summarize returns the size, mean, median and standard deviation of x
// (NaN where undefined).
func Summarize(x []float64) Summary {
	nan := num.Float(math.NaN())
	s := Summary{N: len(x), Mean: nan, Median: nan, SD: nan}
	if len(x) == 0 {
		return s
	}
	m, vr := stat.MeanVariance(x, nil)
	s.Mean = num.Float(m)
	v := slices.Clone(x)
	slices.Sort(v)
	if h := len(v) / 2; len(v)%2 == 1 {
		s.Median = num.Float(v[h])
	} else {
		s.Median = num.Float((v[h-1] + v[h]) / 2)
	}
	if len(x) > 1 {
		s.SD = num.Float(math.Sqrt(vr))
	}
	return s
}
