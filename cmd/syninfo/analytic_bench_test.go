package main

import (
	"bytes"
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/syninfo/syninfo/internal/cputime"
)

// paperScaleLines returns the first m lines of `syninfo cases
// examples/paper-scale-200.json` (N = 20, K = 50 patterns with one Sigma
// each, n = 20 synapses: about 400 kB a case).
var paperScaleLines = sync.OnceValues(func() ([]byte, error) {
	var out, errb bytes.Buffer
	e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, getenv: func(string) string { return "" }}
	if code := run(e, []string{"cases", "../../examples/paper-scale-200.json"}); code != 0 {
		return nil, fmt.Errorf("cases: exit %d: %s", code, errb.String())
	}
	return out.Bytes(), nil
})

// BenchmarkAnalyticCLIPaperScale: "syninfo analytic" (the whole command:
// reading, decoding, validating, the closed form, writing) on 40 cases of
// the paper-scale file, on GOMAXPROCS workers. Reports wall and CPU
// seconds per case and the input rate.
func BenchmarkAnalyticCLIPaperScale(b *testing.B) {
	all, err := paperScaleLines()
	if err != nil {
		b.Fatal(err)
	}
	const cases = 40
	data := all
	for i, k := 0, 0; i < len(all); i++ {
		if all[i] == '\n' {
			if k++; k == cases {
				data = all[:i+1]
				break
			}
		}
	}
	b.SetBytes(int64(len(data)))
	workers := fmt.Sprint(runtime.GOMAXPROCS(0))
	start, n := cputime.Now(), 0
	for b.Loop() {
		var errb bytes.Buffer
		e := &env{stdin: bytes.NewReader(data), stdout: io.Discard, stderr: &errb, getenv: func(string) string { return "" }}
		if code := run(e, []string{"analytic", "--workers", workers, "-"}); code != 0 {
			b.Fatalf("exit %d: %s", code, errb.String())
		}
		n++
	}
	b.ReportMetric(b.Elapsed().Seconds()/float64(n*cases), "s/case")
	b.ReportMetric((cputime.Now()-start).Seconds()/float64(n*cases), "cpu-s/case")
}
