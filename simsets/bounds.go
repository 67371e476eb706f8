package simsets

// Bounds returns the largest sizes a case of p can have: the number of
// neurons N, of patterns K and of synapses n (with the defaults filled).
// Memory estimates use it before any case is built.
func (p Params) Bounds() (neurons, patterns, synapses int, err error) {
	q, err := p.withDefaults()
	if err != nil {
		return 0, 0, 0, err
	}
	if q.Set == 1 {
		for _, k := range q.K {
			patterns = max(patterns, k)
		}
		for _, n := range q.Len {
			synapses = max(synapses, n)
		}
		return q.Neurons, patterns, synapses, nil
	}
	return q.Neurons, q.KMax, q.LenMax, nil
}
