package model

import (
	"bytes"
	"encoding/json"
	"io"
	"testing"
	"time"

	"github.com/syninfo/syninfo/internal/cputime"
	"github.com/syninfo/syninfo/internal/rng"
)

// paperScaleJSON returns JSON Lines of cases cases of the paper's scale:
// N = 20 neurons, K = 50 patterns with one random Sigma each, n = 20
// synapses, numbers printed to full precision as the case generator does.
func paperScaleJSON(cases int) []byte {
	r := rng.New(1)
	var buf bytes.Buffer
	for i := 0; i < cases; i++ {
		c := Case{Pattern: r.IntN(50)}
		for k := 0; k < 50; k++ {
			p := Pattern{Mu: make([]float64, 20), Sigma: make([][]float64, 20)}
			b := make([][]float64, 20)
			for a := range b {
				b[a] = make([]float64, 20)
				for j := range b[a] {
					b[a][j] = r.NormFloat64()
				}
				p.Mu[a] = 2*r.Float64() - 1
			}
			for a := range p.Sigma {
				p.Sigma[a] = make([]float64, 20)
				for j := range p.Sigma[a] {
					var s float64
					for l := 0; l < 20; l++ {
						s += b[a][l] * b[j][l]
					}
					p.Sigma[a][j] = s / 20
				}
			}
			c.Patterns = append(c.Patterns, p)
		}
		for a := 0; a < 20; a++ {
			c.Synapses = append(c.Synapses, Synapse{a, (a + 1 + a/7) % 20})
		}
		line, _ := json.Marshal(c)
		buf.Write(append(line, '\n'))
	}
	return buf.Bytes()
}

// BenchmarkDecodePaperScale: decoding and validating one paper-scale case
// (about 420 kB of JSON) with the streaming decoder.
func BenchmarkDecodePaperScale(b *testing.B) {
	data := paperScaleJSON(8)
	b.SetBytes(int64(len(data) / 8))
	start, n := cputime.Now(), 0
	var d *Decoder
	for b.Loop() {
		if d == nil {
			d = NewDecoder(bytes.NewReader(data))
		}
		_, err := d.Next()
		if err == io.EOF {
			d = NewDecoder(bytes.NewReader(data))
			_, err = d.Next()
		}
		if err != nil {
			b.Fatal(err)
		}
		n++
	}
	reportCPU(b, start, n, len(data)/8)
}

// BenchmarkDecodePaperScaleEncodingJSON: the same with encoding/json (the
// decoder before), for comparison.
func BenchmarkDecodePaperScaleEncodingJSON(b *testing.B) {
	data := paperScaleJSON(8)
	b.SetBytes(int64(len(data) / 8))
	start, n := cputime.Now(), 0
	var d *json.Decoder
	for b.Loop() {
		if d == nil || !d.More() {
			d = json.NewDecoder(bytes.NewReader(data))
		}
		var c Case
		if err := d.Decode(&c); err != nil {
			b.Fatal(err)
		}
		if err := c.Validate(); err != nil {
			b.Fatal(err)
		}
		n++
	}
	reportCPU(b, start, n, len(data)/8)
}

// BenchmarkDecodeLinePaperScale: DecodeLine (decoding in place, as the CLI's
// workers do) on one paper-scale case, validation included.
func BenchmarkDecodeLinePaperScale(b *testing.B) {
	data := paperScaleJSON(8)
	lines := bytes.SplitAfter(data, []byte("\n"))[:8]
	b.SetBytes(int64(len(data) / 8))
	start, n := cputime.Now(), 0
	for b.Loop() {
		if _, ok := DecodeLine(lines[n%8]); !ok {
			b.Fatal("not one valid case")
		}
		n++
	}
	reportCPU(b, start, n, len(data)/8)
}

// BenchmarkLineDecoderPaperScale: LineDecoder.Decode (DecodeLine reusing the
// last case's memory, as the CLI's workers do) on one paper-scale case.
func BenchmarkLineDecoderPaperScale(b *testing.B) {
	data := paperScaleJSON(8)
	lines := bytes.SplitAfter(data, []byte("\n"))[:8]
	b.SetBytes(int64(len(data) / 8))
	var ld LineDecoder
	start, n := cputime.Now(), 0
	for b.Loop() {
		if _, ok := ld.Decode(lines[n%8]); !ok {
			b.Fatal("not one valid case")
		}
		n++
	}
	reportCPU(b, start, n, len(data)/8)
}

// reportCPU reports CPU seconds per case and the decoding rate in CPU time
// (MB of JSON per CPU second): on a shared machine the wall-time MB/s of
// SetBytes understates it.
func reportCPU(b *testing.B, start time.Duration, n, caseBytes int) {
	cpu := (cputime.Now() - start).Seconds()
	b.ReportMetric(cpu/float64(n), "cpu-s/op")
	b.ReportMetric(float64(caseBytes)*float64(n)/cpu/1e6, "cpu-MB/s")
}
