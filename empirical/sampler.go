package empirical

import (
	"errors"
	"fmt"
	"hash/maphash"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"

	"github.com/syninfo/syninfo/internal/rng"
	"github.com/syninfo/syninfo/model"
)

// ChunkSize is the number of draws in one chunk. Chunk c of a run is drawn
// from rng.New(seed, caseKey, c); the size is fixed so that the output does not
// depend on the number of workers.
const ChunkSize = 1024

// MaxValues bounds the number of float64 values Draw may hold in memory
// (M x (2n + |idx(S)|)); larger runs must use Stream.
const MaxValues = 1 << 31

// Sampler draws the Hebbian weights of one case. Build it with New; it is
// safe for concurrent use.
type Sampler struct {
	k, m, n, d int
	touched    []int
	ia, ja     []int       // positions in touched of each synapse's neurons
	mu         [][]float64 // per pattern: log-means at the touched neurons
	fac        []int       // per pattern: index into roots
	roots      []root      // distinct factors of Sigma_k restricted to idx(S)
	mats       [][]float64 // the restricted Sigma_k, parallel to roots

	// termSpace: draw ln T^(k) = A ln X^(k) directly from Normal(m_k, V_k)
	// for k != m (n normals a pattern instead of |idx(S)|), chosen when
	// n < |idx(S)|. Otherwise every pattern is drawn at the touched neurons.
	termSpace bool
	tmean     [][]float64 // per pattern: m_k (term space only)
	troots    []root      // per distinct Sigma factor: root of V_k = A Sigma_k A^T

	pairwise bool // neuron space: log-sum-exp per synapse rather than exp per neuron
}

// New prepares the sampling of c: it restricts each pattern to the touched
// neurons and factorises each distinct restricted Sigma_k once, in
// O(K |idx(S)|^2) time plus one O(|idx(S)|^3) factorisation per distinct Sigma;
// N does not enter. c should be valid (model.Case.Validate, which the decoder
// runs); New itself checks only the shape it relies on (pattern index, synapse
// indices, finite entries at the touched neurons), so that it never panics.
// A Sigma that is not positive semi-definite is not detected here: its
// negative part is dropped by the factorisation.
func New(c *model.Case) (*Sampler, error) {
	if c == nil {
		return nil, errors.New("empirical: nil case")
	}
	if err := checkShape(c); err != nil {
		return nil, err
	}
	s := &Sampler{k: c.K(), m: c.Pattern, n: c.Len(), touched: c.Touched()}
	s.d = len(s.touched)
	pos := make(map[int]int, s.d)
	for p, i := range s.touched {
		pos[i] = p
	}
	s.ia = make([]int, s.n)
	s.ja = make([]int, s.n)
	for a, syn := range c.Synapses {
		s.ia[a], s.ja[a] = pos[syn[0]], pos[syn[1]]
	}
	s.mu = make([][]float64, s.k)
	s.fac = make([]int, s.k)
	seed := maphash.MakeSeed()
	seen := map[uint64][]int{} // hash of a restricted Sigma -> indices into roots
	var mats [][]float64       // restricted Sigmas, parallel to roots
	for k, p := range c.Patterns {
		mu := make([]float64, s.d)
		for q, i := range s.touched {
			mu[q] = p.Mu[i]
		}
		s.mu[k] = mu
		a := make([]float64, s.d*s.d)
		var h maphash.Hash
		h.SetSeed(seed)
		for q, i := range s.touched {
			for r, j := range s.touched {
				// Read the upper triangle, as model does: exactly symmetric.
				v := p.Sigma[min(i, j)][max(i, j)]
				a[q*s.d+r] = v
				var b [8]byte
				u := math.Float64bits(v)
				for x := range b {
					b[x] = byte(u >> (8 * x))
				}
				h.Write(b[:])
			}
		}
		key := h.Sum64()
		idx := -1
		for _, f := range seen[key] {
			if slices.Equal(mats[f], a) {
				idx = f
				break
			}
		}
		if idx < 0 {
			idx = len(s.roots)
			s.roots = append(s.roots, pivotedCholesky(a, s.d))
			mats = append(mats, a)
			seen[key] = append(seen[key], idx)
		}
		s.fac[k] = idx
	}
	s.mats = mats
	s.setMode(s.n < s.d, s.n*(s.k+3) <= s.k*s.d+2*s.n)
	return s, nil
}

// setMode chooses how draws are made: in term space (ln T^(k) drawn directly
// for k != m) or neuron space, and in neuron space by log-sum-exp per synapse
// or exponentials per neuron. New picks the cheapest for the case (per draw,
// n(K+3) exponentials against K |idx(S)| + 2n); tests force each.
func (s *Sampler) setMode(termSpace, pairwise bool) {
	s.termSpace, s.pairwise = termSpace, pairwise
	if termSpace && s.troots == nil {
		s.tmean = make([][]float64, s.k)
		for k := range s.k {
			m := make([]float64, s.n)
			for a := range s.n {
				m[a] = s.mu[k][s.ia[a]] + s.mu[k][s.ja[a]]
			}
			s.tmean[k] = m
		}
		s.troots = make([]root, len(s.mats))
		for f, a := range s.mats {
			v := make([]float64, s.n*s.n)
			for x := range s.n {
				for y := range s.n {
					i, j, p, q := s.ia[x], s.ja[x], s.ia[y], s.ja[y]
					v[x*s.n+y] = a[i*s.d+p] + a[i*s.d+q] + a[j*s.d+p] + a[j*s.d+q]
				}
			}
			s.troots[f] = pivotedCholesky(v, s.n)
		}
	}
}

// Synapses returns n, the number of synapses (columns of LogW and LogWRest).
func (s *Sampler) Synapses() int { return s.n }

// Touched returns idx(S), the touched neurons in ascending order: the columns
// of LogX.
func (s *Sampler) Touched() []int { return slices.Clone(s.touched) }

// Rank returns the numerical rank of the factor of Sigma_k restricted to the
// touched neurons (the number of standard normals a draw of pattern k uses).
func (s *Sampler) Rank(k int) int { return s.roots[s.fac[k]].r }

// Factors returns the number of distinct restricted Sigma_k factorised: 1 when
// all patterns share Sigma.
func (s *Sampler) Factors() int { return len(s.roots) }

// Options tune a run. No option changes the values drawn.
type Options struct {
	// Workers is the number of goroutines drawing chunks in parallel; 0 or
	// less means runtime.GOMAXPROCS(0).
	Workers int
}

// Chunk is one block of consecutive draws handed to a Stream callback. Its
// slices are row-major and valid only during the callback: the buffers are
// reused afterwards.
type Chunk struct {
	// Index is the chunk number c (its generator is rng.New(seed, caseKey, c)).
	Index int
	// First is the index of the chunk's first draw within the run.
	First int
	// Rows is the number of draws in the chunk (ChunkSize, or fewer for the last).
	Rows int
	// Synapses and Touched are the row lengths n and |idx(S)|.
	Synapses, Touched int
	// LogW holds ln W_S (Rows x n), LogWRest ln W_S^(-m) (Rows x n, -Inf
	// everywhere when K = 1), LogX ln X^(m) at the touched neurons (Rows x d).
	LogW, LogWRest, LogX []float64
}

// Draws is a whole run held in memory. All values are natural logarithms.
type Draws struct {
	// M is the number of draws, Synapses n, Touched |idx(S)| (see
	// Sampler.Touched for the neurons).
	M, Synapses, Touched int
	// LogW is ln W_S, row-major M x n: row t, column a is ln W_{s_a} of draw t.
	LogW []float64
	// LogWRest is ln W_S^(-m), the same draws without pattern m's term,
	// row-major M x n. For K = 1 it is an empty sum: every entry is -Inf.
	LogWRest []float64
	// LogX is ln X^(m) at the touched neurons (ascending), row-major M x d.
	LogX []float64
}

// Draw makes samples draws of the case with the stream keyed by (seed,
// caseKey) and returns them all. It is Stream with the chunks collected: the
// values are identical for any Options.
func (s *Sampler) Draw(samples int, seed, caseKey uint64, o Options) (*Draws, error) {
	if samples < 1 {
		return nil, fmt.Errorf("empirical: samples: %d, want at least 1", samples)
	}
	if float64(samples)*float64(2*s.n+s.d) > MaxValues {
		return nil, fmt.Errorf("empirical: samples: %d draws of %d values exceed %d values in memory; use Stream", samples, 2*s.n+s.d, MaxValues)
	}
	out := &Draws{M: samples, Synapses: s.n, Touched: s.d,
		LogW: make([]float64, samples*s.n), LogWRest: make([]float64, samples*s.n),
		LogX: make([]float64, samples*s.d)}
	err := s.Stream(samples, seed, caseKey, o, func(c *Chunk) error {
		copy(out.LogW[c.First*s.n:], c.LogW)
		copy(out.LogWRest[c.First*s.n:], c.LogWRest)
		copy(out.LogX[c.First*s.d:], c.LogX)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

type job struct {
	c     *Chunk
	ready chan struct{}
}

// Stream makes samples draws of the case keyed by (seed, caseKey) and calls fn
// on each chunk, in chunk order, from the calling goroutine. Chunks are drawn
// in parallel by Options.Workers goroutines, at most 2 x Workers chunks in
// memory at a time whatever samples is. If fn returns an error, Stream stops
// drawing and returns it.
func (s *Sampler) Stream(samples int, seed, caseKey uint64, o Options, fn func(*Chunk) error) error {
	if samples < 1 {
		return fmt.Errorf("empirical: samples: %d, want at least 1", samples)
	}
	chunks := (samples + ChunkSize - 1) / ChunkSize
	workers := o.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, chunks)
	window := 2 * workers

	free := make(chan *Chunk, window)
	for range window {
		free <- &Chunk{Synapses: s.n, Touched: s.d,
			LogW: make([]float64, ChunkSize*s.n), LogWRest: make([]float64, ChunkSize*s.n),
			LogX: make([]float64, ChunkSize*s.d)}
	}
	jobs := make(chan job, window)
	order := make(chan job, window)
	quit := make(chan struct{})

	go func() { // producer: hands out chunk indices in order, one free buffer each
		defer close(jobs)
		defer close(order)
		for c := 0; c < chunks; c++ {
			var buf *Chunk
			select {
			case buf = <-free:
			case <-quit:
				return
			}
			buf.Index = c
			buf.First = c * ChunkSize
			buf.Rows = min(ChunkSize, samples-buf.First)
			j := job{c: buf, ready: make(chan struct{})}
			order <- j
			jobs <- j
		}
	}()
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sc := s.newScratch()
			for j := range jobs {
				select {
				case <-quit:
				default:
					s.fill(j.c, rng.New(seed, caseKey, uint64(j.c.Index)), sc)
				}
				close(j.ready)
			}
		}()
	}
	var err error
	for j := range order {
		<-j.ready
		if err == nil {
			c := *j.c
			c.LogW = c.LogW[:c.Rows*s.n]
			c.LogWRest = c.LogWRest[:c.Rows*s.n]
			c.LogX = c.LogX[:c.Rows*s.d]
			if err = fn(&c); err != nil {
				close(quit)
			}
		}
		free <- j.c
	}
	wg.Wait()
	return err
}

// scratch is one worker's per-draw workspace.
type scratch struct {
	acc []float64 // product L z in pivoted order, max(n, d)
	y   []float64 // ln X^(k) at the touched neurons, K x d (neuron space)
	tk  []float64 // ln T^(k), n x K (term space)
	e   []float64 // exp(y - shift), K x d (per-neuron exponentials)
	h   []float64 // per-neuron shift, d
	t   []float64 // ln T_a^(k) for one synapse, K
}

func (s *Sampler) newScratch() *scratch {
	return &scratch{acc: make([]float64, max(s.n, s.d)), y: make([]float64, s.k*s.d),
		tk: make([]float64, s.k*s.n), e: make([]float64, s.k*s.d), h: make([]float64, s.d),
		t: make([]float64, s.k)}
}

// fill draws the rows of c from r. Per draw the normals are taken pattern by
// pattern, k = 0..K-1.
func (s *Sampler) fill(c *Chunk, r *rand.Rand, sc *scratch) {
	n, d, m := s.n, s.d, s.m
	for row := 0; row < c.Rows; row++ {
		lw := c.LogW[row*n : (row+1)*n]
		lr := c.LogWRest[row*n : (row+1)*n]
		x := c.LogX[row*d : (row+1)*d]
		if s.termSpace {
			// sc.tk is n x K here: the K terms of a synapse are contiguous.
			kk := s.k
			for k := range kk {
				if k == m {
					s.roots[s.fac[k]].sample(s.mu[k], r, sc.acc, x, 1)
					for a := range n {
						sc.tk[a*kk+k] = x[s.ia[a]] + x[s.ja[a]]
					}
					continue
				}
				rt := &s.troots[s.fac[k]]
				if n == 1 { // the singleton: one normal, no call
					v := s.tmean[k][0]
					if rt.r == 1 {
						v += rt.lc[0] * r.NormFloat64()
					}
					sc.tk[k] = v
					continue
				}
				rt.sample(s.tmean[k], r, sc.acc, sc.tk[k:], kk)
			}
			for a := range n {
				lw[a], lr[a] = s.logSumExp(sc.tk[a*kk : (a+1)*kk])
			}
			continue
		}
		for k := range s.k {
			s.roots[s.fac[k]].sample(s.mu[k], r, sc.acc, sc.y[k*d:(k+1)*d], 1)
		}
		copy(x, sc.y[m*d:(m+1)*d])
		if s.pairwise {
			for a := range n {
				lw[a], lr[a] = s.synapseLogSumExp(a, sc)
			}
		} else {
			s.weightsPerNeuron(lw, lr, sc)
		}
	}
}

// synapseLogSumExp returns ln W_a and ln W_a^(-m) from sc.y by log-sum-exp
// over the K terms ln T_a^(k) = y_k[i_a] + y_k[j_a].
func (s *Sampler) synapseLogSumExp(a int, sc *scratch) (lw, lr float64) {
	d, i, j := s.d, s.ia[a], s.ja[a]
	t := sc.t
	for k := range s.k {
		t[k] = sc.y[k*d+i] + sc.y[k*d+j]
	}
	return s.logSumExp(t)
}

// logSumExp returns ln sum_k e^t[k] and the same sum without k = m (-Inf
// when K = 1).
func (s *Sampler) logSumExp(t []float64) (lw, lr float64) {
	tm := t[s.m]
	if s.k == 1 {
		return tm, math.Inf(-1)
	}
	before, after := t[:s.m], t[s.m+1:]
	hi := math.Inf(-1)
	for _, v := range before {
		if v > hi {
			hi = v
		}
	}
	for _, v := range after {
		if v > hi {
			hi = v
		}
	}
	sum := 0.0
	for _, v := range before {
		sum += math.Exp(v - hi)
	}
	for _, v := range after {
		sum += math.Exp(v - hi)
	}
	lr = hi + math.Log(sum)
	// ln(e^lr + e^tm) without overflow.
	if lr >= tm {
		lw = lr + math.Log1p(math.Exp(tm-lr))
	} else {
		lw = tm + math.Log1p(math.Exp(lr-tm))
	}
	return lw, lr
}

// tiny is the smallest scaled sum the per-neuron path trusts; below it the
// synapse is recomputed by log-sum-exp (its terms may have underflowed).
const tiny = 1e-280

// weightsPerNeuron computes ln W and ln W^(-m) of every synapse with one
// exponential per pattern and touched neuron: with h_i = max_k y_k[i] and
// e_k[i] = exp(y_k[i] - h_i) <= 1, W_a = exp(h_i + h_j) sum_k e_k[i] e_k[j].
func (s *Sampler) weightsPerNeuron(lw, lr []float64, sc *scratch) {
	d := s.d
	h := sc.h
	for i := range d {
		hi := sc.y[i]
		for k := 1; k < s.k; k++ {
			if v := sc.y[k*d+i]; v > hi {
				hi = v
			}
		}
		h[i] = hi
	}
	for k := range s.k {
		y, e := sc.y[k*d:(k+1)*d], sc.e[k*d:(k+1)*d]
		for i, v := range y {
			e[i] = math.Exp(v - h[i])
		}
	}
	em := sc.e[s.m*d : (s.m+1)*d]
	for a := range s.n {
		i, j := s.ia[a], s.ja[a]
		rest := 0.0
		for k := range s.k {
			if k != s.m {
				rest += sc.e[k*d+i] * sc.e[k*d+j]
			}
		}
		total := rest + em[i]*em[j]
		if s.k == 1 {
			lw[a] = sc.y[s.m*d+i] + sc.y[s.m*d+j]
			lr[a] = math.Inf(-1)
			continue
		}
		if rest < tiny {
			lw[a], lr[a] = s.synapseLogSumExp(a, sc)
			continue
		}
		shift := h[i] + h[j]
		lw[a] = shift + math.Log(total)
		lr[a] = shift + math.Log(rest)
	}
}

// checkShape checks what New indexes, so that an unvalidated case gives an
// error rather than a panic.
func checkShape(c *model.Case) error {
	if c.K() == 0 {
		return errors.New("empirical: patterns: empty")
	}
	if c.Len() == 0 {
		return errors.New("empirical: synapses: empty")
	}
	if c.Pattern < 0 || c.Pattern >= c.K() {
		return fmt.Errorf("empirical: pattern: %d out of range [0, %d)", c.Pattern, c.K())
	}
	for a, syn := range c.Synapses {
		if len(syn) != 2 || syn[0] == syn[1] || min(syn[0], syn[1]) < 0 {
			return fmt.Errorf("empirical: synapses[%d]: %v is not a pair of distinct neurons", a, []int(syn))
		}
	}
	touched := c.Touched()
	top := touched[len(touched)-1]
	for k, p := range c.Patterns {
		if len(p.Mu) <= top || len(p.Sigma) <= top {
			return fmt.Errorf("empirical: patterns[%d]: neuron %d out of range", k, top)
		}
		for _, i := range touched {
			if len(p.Sigma[i]) <= top {
				return fmt.Errorf("empirical: patterns[%d].sigma[%d]: neuron %d out of range", k, i, top)
			}
			if math.IsNaN(p.Mu[i]) || math.IsInf(p.Mu[i], 0) {
				return fmt.Errorf("empirical: patterns[%d].mu[%d]: %v is not finite", k, i, p.Mu[i])
			}
			for _, j := range touched {
				if v := p.Sigma[i][j]; math.IsNaN(v) || math.IsInf(v, 0) {
					return fmt.Errorf("empirical: patterns[%d].sigma[%d][%d]: %v is not finite", k, i, j, v)
				}
			}
		}
	}
	return nil
}
