package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"runtime"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/syninfo/syninfo/analytic"
	"github.com/syninfo/syninfo/compare"
	"github.com/syninfo/syninfo/internal/rng"
	"github.com/syninfo/syninfo/model"
)

// randomSmallCase returns a valid case of 2–5 neurons, 1–4 patterns, with
// per-pattern or a shared Sigma.
func randomSmallCase(r interface {
	IntN(int) int
	NormFloat64() float64
}) model.Case {
	n, k := 2+r.IntN(4), 1+r.IntN(4)
	sigma := func() [][]float64 {
		b := make([][]float64, n)
		for i := range b {
			b[i] = make([]float64, n)
			for j := range b[i] {
				b[i][j] = r.NormFloat64()
			}
		}
		s := make([][]float64, n)
		for i := range s {
			s[i] = make([]float64, n)
			for j := range s[i] {
				for l := range n {
					s[i][j] += b[i][l] * b[j][l] / float64(n)
				}
			}
			s[i][i] += 0.1
		}
		return s
	}
	var c model.Case
	shared := r.IntN(2) == 0
	if shared {
		c.Sigma = sigma()
	}
	for range k {
		p := model.Pattern{Mu: make([]float64, n)}
		for i := range p.Mu {
			p.Mu[i] = r.NormFloat64()
		}
		if !shared {
			p.Sigma = sigma()
		}
		c.Patterns = append(c.Patterns, p)
	}
	for a := 0; a < n-1; a++ {
		if a == 0 || r.IntN(2) == 0 {
			c.Synapses = append(c.Synapses, model.Synapse{a, a + 1 + r.IntN(n-a-1)})
		}
	}
	c.Pattern = r.IntN(k)
	return c
}

// sequentialAnalytic is the reference for "syninfo analytic": one
// model.Decoder over the whole input, each case's closed form in turn. It
// returns the output lines and the decoder's error, if any.
func sequentialAnalytic(t *testing.T, input string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	dec := model.NewDecoder(strings.NewReader(input))
	for {
		c, err := dec.Next()
		if err == io.EOF {
			return out.String(), nil
		}
		if err != nil {
			return out.String(), err
		}
		r, err := analytic.Compute(c, analytic.Options{Workers: 1, Validated: true})
		if err != nil {
			t.Fatal(err)
		}
		if err := jsonLineUnits(&out, newAnalyticLine(c, r), "nats"); err != nil {
			t.Fatal(err)
		}
	}
}

// TestAnalyticParallelAsSequential: the parallel pipeline writes what one
// sequential decoder and closed form give, byte for byte, for any worker
// count, any way the input arrives (one byte at a time, half reads), lines
// short or longer than the parallel path takes, and inputs that are not
// one case per line (cases over several lines, two on one line, blank
// lines, CRLF, no final newline) or that hold a bad case somewhere: the
// same lines before it, and the decoder's error naming the same case, byte
// and field.
func TestAnalyticParallelAsSequential(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	defer func(m, b, r int) { maxLineBytes, readBlock, minRead = m, b, r }(maxLineBytes, readBlock, minRead)
	r := rng.New(5)
	line := func() string {
		b, err := json.Marshal(randomSmallCase(r))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	pretty := func() string {
		b, err := json.MarshalIndent(randomSmallCase(r), "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	lines := func(m int) []string {
		var ls []string
		for range m {
			ls = append(ls, line())
		}
		return ls
	}
	good := strings.Join(lines(40), "\n") + "\n"
	bad := []struct{ name, input string }{
		{"one case per line", good},
		{"no final newline", strings.TrimSuffix(good, "\n")},
		{"blank lines and CRLF", "\n\n  \r\n" + strings.Join(lines(9), "\r\n\n \t\n") + "\r\n\n  \n"},
		{"pretty-printed in the middle", strings.Join(lines(7), "\n") + "\n" + pretty() + "\n" + strings.Join(lines(7), "\n") + "\n"},
		{"all pretty-printed", pretty() + "\n" + pretty() + pretty()},
		{"two cases on a line", strings.Join(lines(5), "\n") + "\n" + line() + " " + line() + "\n" + strings.Join(lines(5), "\n")},
		{"null in mu", strings.Join(lines(12), "\n") + "\n" + `{"patterns":[{"mu":[0,null],"sigma":[[1,0],[0,1]]}],"synapses":[[0,1]],"pattern":0}` + "\n" + strings.Join(lines(12), "\n")},
		{"not positive semi-definite", strings.Join(lines(3), "\n") + "\n" + `{"patterns":[{"mu":[0,0],"sigma":[[1,2],[2,1]]}],"synapses":[[0,1]],"pattern":0}` + "\n" + strings.Join(lines(12), "\n")},
		{"garbage line", strings.Join(lines(6), "\n") + "\nhello\n" + strings.Join(lines(6), "\n")},
		{"cut at the end", good + line()[:50]},
		{"unknown field", strings.Join(lines(20), "\n") + "\n" + `{"patterns":[{"mu":[0,0],"sigma":[[1,0],[0,1]]}],"synapses":[[0,1]],"pattern":0,"x":1}` + "\n"},
		{"blank", " \n\n \n"},
		{"empty", ""},
	}
	readers := map[string]func(io.Reader) io.Reader{
		"plain":    func(r io.Reader) io.Reader { return r },
		"one byte": iotest.OneByteReader,
		"half":     iotest.HalfReader,
		"data+EOF": iotest.DataErrReader,
	}
	for _, tc := range bad {
		want, wantErr := sequentialAnalytic(t, tc.input)
		if tc.input != "" && !strings.Contains(tc.input, "cut") && wantErr == nil && strings.TrimSpace(tc.input) != "" && want == "" {
			t.Fatalf("%s: the reference gives nothing", tc.name)
		}
		for _, workers := range []int{1, 2, 3, 7} {
			for rname, wrap := range readers {
				for _, sizes := range [][3]int{{32 << 20, 1 << 20, 64 << 10}, {300, 1 << 20, 64 << 10}, {32 << 20, 700, 100}} {
					maxLine := sizes[0]
					maxLineBytes, readBlock, minRead = sizes[0], sizes[1], sizes[2]
					var out, errb bytes.Buffer
					e := &env{stdin: wrap(strings.NewReader(tc.input)), stdout: &out, stderr: &errb, getenv: func(string) string { return "" }}
					code := run(e, []string{"analytic", "--workers", fmt.Sprint(workers), "-"})
					where := fmt.Sprintf("%s, %d workers, %s reads, lines up to %d bytes, buffers of %d", tc.name, workers, rname, maxLine, readBlock)
					if out.String() != want {
						t.Errorf("%s: output differs from the sequential decoder's:\n%s\nwant\n%s", where, out.String(), want)
					}
					switch {
					case wantErr != nil:
						if code != 2 || !strings.Contains(errb.String(), "stdin: "+wantErr.Error()) {
							t.Errorf("%s: exit %d, %q; want exit 2 and %q", where, code, errb.String(), wantErr)
						}
					case want == "":
						if code != 2 || !strings.Contains(errb.String(), "no case found") {
							t.Errorf("%s: exit %d, %q; want exit 2, no case found", where, code, errb.String())
						}
					case code != 0:
						t.Errorf("%s: exit %d: %s", where, code, errb.String())
					}
				}
			}
		}
	}
}

// TestAnalyticParallelReadError: a read error after some lines is reported
// as the decoder reports it, after the lines before it.
func TestAnalyticParallelReadError(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	r := rng.New(9)
	var in strings.Builder
	for range 5 {
		b, _ := json.Marshal(randomSmallCase(r))
		in.Write(append(b, '\n'))
	}
	input := in.String()
	boom := errors.New("disk on fire")
	want, _ := sequentialAnalytic(t, input)
	_, wantErr := model.ReadAll(io.MultiReader(strings.NewReader(input), iotest.ErrReader(boom)))
	if wantErr == nil {
		t.Fatal("the decoder reports no error")
	}
	for _, workers := range []int{1, 2} {
		var out, errb bytes.Buffer
		e := &env{stdin: io.MultiReader(strings.NewReader(input), iotest.ErrReader(boom)), stdout: &out, stderr: &errb, getenv: func(string) string { return "" }}
		code := run(e, []string{"analytic", "--workers", fmt.Sprint(workers), "-"})
		if code != 2 || !strings.Contains(errb.String(), "stdin: "+wantErr.Error()) || out.String() != want {
			t.Errorf("%d workers: exit %d, stderr %q (want %q), %d output bytes (want %d)", workers, code, errb.String(), wantErr, out.Len(), len(want))
		}
	}
}

// TestAnalyticParallelMemory: a case that does not fit in the memory
// allowed is refused (exit 2, naming the case) on the parallel path too,
// after the cases before it; a fitting run is not.
func TestAnalyticParallelMemory(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	small := twoPatterns + "\n"
	r := rng.New(4)
	big := randomSmallCase(r)
	for len(big.Patterns) < 40 {
		big.Patterns = append(big.Patterns, big.Patterns[0])
	}
	bb, _ := json.Marshal(big)
	need := 8 * 40 * len(big.Synapses) * len(big.Touched()) * 2 // more than the small case, less than the big one
	for _, workers := range []string{"1", "2"} {
		var out, errb bytes.Buffer
		e := &env{stdin: strings.NewReader(small + small + string(bb) + "\n" + small), stdout: &out, stderr: &errb,
			getenv: func(k string) string {
				if k == "SYNINFO_MAX_MEMORY" {
					return fmt.Sprint(need)
				}
				return ""
			}}
		code := run(e, []string{"analytic", "--workers", workers, "-"})
		if code != 2 || !strings.Contains(errb.String(), "case 3 (K = 40") || strings.Count(out.String(), "\n") != 2 {
			t.Errorf("%s workers: exit %d, %q, %d lines", workers, code, errb.String(), strings.Count(out.String(), "\n"))
		}
	}
}

// TestMemoryBudget: two cases that fit the memory allowed one at a time but
// not together are computed one after the other: the second waits until
// the first gives its memory back.
func TestMemoryBudget(t *testing.T) {
	c := randomSmallCase(rng.New(6))
	need := compare.Memory(0, c.K(), c.Len(), len(c.Touched()), 0)
	e := &env{getenv: func(k string) string {
		if k == "SYNINFO_MAX_MEMORY" {
			return fmt.Sprint(1.5 * need / memoryFraction)
		}
		return ""
	}}
	b := newMemoryBudget(e)
	release, err := b.acquire(0, &c)
	if err != nil {
		t.Fatal(err)
	}
	second := make(chan struct{})
	go func() {
		r, err := b.acquire(1, &c)
		if err != nil {
			t.Error(err)
		}
		close(second)
		r()
	}()
	select {
	case <-second:
		t.Fatal("the second case started while the first held the memory")
	case <-time.After(100 * time.Millisecond):
	}
	release()
	select {
	case <-second:
	case <-time.After(10 * time.Second):
		t.Fatal("the second case never started")
	}
}

// TestAnalyticLineJSON: appendJSON writes json.Marshal's bytes for lines
// with numbers of every magnitude (zeros of both signs, subnormals, the
// exponent-form thresholds 1e-6 and 1e21, NaN and ±Inf as null) and ids
// that need escaping.
func TestAnalyticLineJSON(t *testing.T) {
	r := rng.New(23)
	special := []float64{0, math.Copysign(0, -1), 1e-6, math.Nextafter(1e-6, 0), 1e21, math.Nextafter(1e21, 0), 1e-7, 5e-324,
		math.MaxFloat64, -1e-300, math.NaN(), math.Inf(1), math.Inf(-1), 1, -2.5, 123456789, 1e-10, 1.5e300}
	val := func() num {
		switch r.IntN(3) {
		case 0:
			return num(special[r.IntN(len(special))])
		case 1:
			return num(math.Float64frombits(r.Uint64()))
		}
		return num(r.NormFloat64() * math.Pow(10, float64(r.IntN(60)-30)))
	}
	ids := []string{"", "paper-scale/0001", `a"b\c`, "<&>", "é\u2028\x01", "\xff"}
	for i := 0; i < 20000; i++ {
		l := analyticLine{ID: ids[r.IntN(len(ids))], Status: "ok", MINats: val(), MIBits: val(), ErrorBound: val(),
			Condition: val(), ConditionRest: val(), MinEigenvalue: val(), MinEigenvalueRest: val(), LogDet: val(), LogDetRest: val(),
			Synapses: r.IntN(5000), Patterns: r.IntN(100), Dim: r.IntN(5000), DimRest: r.IntN(5000) - 1, DimMethod: "rank"}
		if i%7 == 0 {
			l.Approximation = "corrected1"
		}
		want, err := json.Marshal(l)
		if err != nil {
			t.Fatal(err)
		}
		if got := l.appendJSON(nil); string(got) != string(want) {
			t.Fatalf("appendJSON\n%s\njson.Marshal\n%s", got, want)
		}
	}
}

// TestAnalyticAnswersBeforeEOF: a program that writes one case without a
// newline and waits for its line gets it before it closes the input, as
// from the streaming decoder; then a second case the same way.
func TestAnalyticAnswersBeforeEOF(t *testing.T) {
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	e := &env{stdin: inR, stdout: outW, stderr: io.Discard, getenv: func(string) string { return "" }}
	done := make(chan int)
	go func() {
		code := run(e, []string{"analytic", "-"})
		outW.Close()
		done <- code
	}()
	lines := make(chan string)
	go func() {
		r := bufio.NewReader(outR)
		for {
			l, err := r.ReadString('\n')
			if err != nil {
				close(lines)
				return
			}
			lines <- l
		}
	}()
	for i := 0; i < 2; i++ {
		if _, err := inW.Write([]byte(twoPatterns)); err != nil {
			t.Fatal(err)
		}
		select {
		case l := <-lines:
			if !strings.Contains(l, `"status":"ok"`) {
				t.Fatalf("case %d: %s", i, l)
			}
		case <-time.After(20 * time.Second):
			t.Fatalf("case %d: no answer before the input ends", i)
		}
	}
	inW.Close()
	if code := <-done; code != 0 {
		t.Errorf("exit %d", code)
	}
}

// TestClosesObject: braces inside strings (escaped quotes included) do not
// count; the object must close at the last non-space byte.
func TestClosesObject(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want bool
	}{
		{`{}`, true}, {` {"a":[1,{"b":2}]} `, true}, {`{"id":"}"}`, true}, {`{"id":"\"}"}`, true}, {`{"id":"\\"}`, true},
		{`{"id":"\\\"}"}`, true}, {`{"a":[1,2]`, false}, {`{"id":"}`, false}, {`{"id":"\"}`, false}, {`[1]`, false},
		{`{"a":1}{"b":2}`, true}, {`{"a":1}x`, false}, {``, false}, {"  \n", false}, {`{"a":{"b":1}`, false},
	} {
		if got := closesObject([]byte(tc.in)); got != tc.want {
			t.Errorf("%q: %v, want %v", tc.in, got, tc.want)
		}
	}
}
