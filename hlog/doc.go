// Package hlog writes the interval histograms of a run (series.Event) as
// an HdrHistogram interval log, format version 1.3 — the format of
// HdrHistogram's HistogramLogWriter (Java, hdr-histogram-js, hdrhistogram-go)
// that HdrHistogram's own readers and tools (HistogramLogReader,
// HistogramLogProcessor, HdrHistogramVisualizer) read. `stressql run --hlog
// FILE` uses it.
//
// A log starts with a header:
//
//	#[stressql interval log: values in microseconds (us); Interval_Max in milliseconds (us / 1000); times in seconds from BaseTime]
//	#[Histogram log format version 1.3]
//	#[StartTime: 1764633600.000 (seconds since epoch), 2025-12-02T00:00:00.000Z]
//	#[BaseTime: 1764633600.000 (seconds since epoch)]
//	"StartTimestamp","Interval_Length","Interval_Max","Interval_Compressed_Histogram"
//
// StartTime and BaseTime are both the start given to New (the run's
// start). Then, for every event and every one of its histograms that holds
// at least one value (latency, then acquire, then lateness), one line:
//
//	Tag=scenario=pool/phase=ramp/load=reads/latency,1.000,1.000,12.345,HISTFAAAA…
//
// with the interval's start in seconds from BaseTime, its length in
// seconds (both with millisecond decimals: start and end are rounded to
// the millisecond from BaseTime, so consecutive intervals stay
// contiguous), the interval's maximum, and
// the histogram in HdrHistogram's V2 compressed encoding, base64
// (hdrhistogram-go's Encode(V2CompressedEncodingCookieBase); the cookie is
// the one Java and JavaScript decode).
//
// # Units
//
// The histograms' values are microseconds, as everywhere in stressql.
// Interval_Max is the interval's maximum in milliseconds (the µs value
// divided by 1000), the unit HdrHistogram's writers put in that column by
// convention (Java's writer scales nanoseconds by 1e6, the JavaScript one
// divides by 1000): readers ignore the column and decode the histogram.
// HdrHistogram's tools that print values take an output value unit ratio:
// with these logs pass 1000 for milliseconds (HistogramLogProcessor
// -outputValueUnitRatio 1000; its default, 1e6, assumes nanoseconds).
//
// # Tags
//
// A tag names the part and the metric, one path component per level of
// the event: scenario=S/latency for a scenario, scenario=S/phase=P/acquire
// for a phase, scenario=S/phase=P/load=L/lateness for a load. A phase or
// a load event always has its phase component, empty for the implicit
// phase of a scenario without phase blocks (scenario=S/phase=/load=L/…).
// HdrHistogram forbids commas and whitespace in tags and the tag syntax
// reserves '/' and '='; so each name is percent-encoded: every byte of a
// comma, '%', '/', '=', a control character or a Unicode space becomes
// %XX (two upper-case hex digits of the UTF-8 byte), and everything else
// is kept as it is: "a b,c" is written a%20b%2Cc. Decode a name by
// replacing each %XX with its byte.
//
// A Writer is safe for concurrent use; each event is written with one
// Write call, so a log cut short by a crash ends on a whole event.
package hlog
