package reports

import (
	"math"
	"strconv"
)

// The one number formatter of syninfo's reports (the accuracy report and the
// paper's pages alike). A value that does not exist (NaN, JSON null) is
// written Missing, an en dash "–"; infinities are "+∞" and "−∞" in Markdown
// and HTML alike. Finite negative numbers keep the ASCII hyphen-minus, so
// that a number copied from a report parses.

// Missing stands for a value that does not exist.
const Missing = "–"

// special formats NaN and ±Inf; ok is false for a finite x.
func special(x float64) (string, bool) {
	switch {
	case math.IsNaN(x):
		return Missing, true
	case math.IsInf(x, 1):
		return "+∞", true
	case math.IsInf(x, -1):
		return "−∞", true
	}
	return "", false
}

// Num formats x to 3 significant digits, in exponent notation below 1e-3
// and from 1e5 in magnitude ("0" for zero).
func Num(x float64) string {
	if s, ok := special(x); ok {
		return s
	}
	if x == 0 {
		return "0"
	}
	a := math.Abs(x)
	if a >= 1e5 || a < 1e-3 {
		return strconv.FormatFloat(x, 'e', 2, 64)
	}
	return strconv.FormatFloat(x, 'g', 3, 64)
}

// Fixed formats x with prec digits after the decimal point.
func Fixed(x float64, prec int) string {
	if s, ok := special(x); ok {
		return s
	}
	return strconv.FormatFloat(x, 'f', prec, 64)
}

// Sig formats x to digits significant digits (%g style: p-values, ratios).
func Sig(x float64, digits int) string {
	if s, ok := special(x); ok {
		return s
	}
	return strconv.FormatFloat(x, 'g', digits, 64)
}

// Pct formats a proportion (0.123) as a percentage with one decimal ("12.3%").
func Pct(x float64) string {
	if s, ok := special(x); ok {
		return s
	}
	return strconv.FormatFloat(100*x, 'f', 1, 64) + "%"
}

// Share formats a of b as "a/b (p%)" (Missing for the percentage when b = 0).
func Share(a, b int) string {
	p := math.NaN()
	if b > 0 {
		p = float64(a) / float64(b)
	}
	return strconv.Itoa(a) + "/" + strconv.Itoa(b) + " (" + Pct(p) + ")"
}
