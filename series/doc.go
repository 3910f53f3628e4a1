// Package series carries a run over time from the engine to whatever
// wants it while the run goes: the per-interval records of every
// scenario, phase and load (see results.Interval), with the interval's own
// HDR histograms. The engine makes one Event per part and interval and
// hands it to a Sink; the HDR interval log (--hlog), the metrics endpoint
// (--metrics-addr) and windowed checks are sinks. This package holds only
// the vocabulary, so that sinks and the engine do not import each other.
package series
