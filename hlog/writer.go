package hlog

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	hdrhistogram "github.com/HdrHistogram/hdrhistogram-go"

	"github.com/stressql/stressql/series"
)

// FormatVersion is the version of HdrHistogram's interval log format that
// a Writer writes.
const FormatVersion = "1.3"

// MaxValueUnitRatio is what a histogram's maximum (µs) is divided by for
// the Interval_Max column: the column is in milliseconds.
const MaxValueUnitRatio = 1000.0

// Metric names, the last component of a tag, in the order a Writer writes
// an event's histograms.
const (
	MetricLatency  = "latency"
	MetricAcquire  = "acquire"
	MetricLateness = "lateness"
)

// Legend is the legend line of an interval log.
const Legend = `"StartTimestamp","Interval_Length","Interval_Max","Interval_Compressed_Histogram"`

// Writer writes series events as an HdrHistogram interval log. It
// implements series.Sink.
type Writer struct {
	// start is New's start; sub is how far it is past BaseTime (start
	// truncated to the millisecond), added to offsets from start so that
	// they are from BaseTime while Sub still uses the monotonic clock.
	start time.Time
	sub   time.Duration

	mu     sync.Mutex
	w      io.Writer
	buf    bytes.Buffer
	err    error
	closed bool
}

var _ series.Sink = (*Writer)(nil)

// New returns a Writer that writes to w a log whose StartTime and BaseTime
// are start, truncated to the millisecond (interval timestamps are seconds
// from there). It writes the
// header at once; a write error is kept for Err and Close.
func New(w io.Writer, start time.Time) *Writer {
	lw := &Writer{start: start, sub: time.Duration(start.Nanosecond()) % time.Millisecond, w: w}
	b := &lw.buf
	sec := strconv.FormatFloat(float64(start.UnixMilli())/1000, 'f', 3, 64)
	fmt.Fprintf(b, "#[stressql interval log: values in microseconds (us); Interval_Max in milliseconds (us / %g); times in seconds from BaseTime]\n", MaxValueUnitRatio)
	fmt.Fprintf(b, "#[Histogram log format version %s]\n", FormatVersion)
	fmt.Fprintf(b, "#[StartTime: %s (seconds since epoch), %s]\n", sec, start.UTC().Format("2006-01-02T15:04:05.000Z07:00"))
	fmt.Fprintf(b, "#[BaseTime: %s (seconds since epoch)]\n", sec)
	b.WriteString(Legend + "\n")
	lw.flush()
	return lw
}

// Interval implements series.Sink: it writes one line per histogram of ev
// that holds a value. After Close or a write error it does nothing.
func (lw *Writer) Interval(ev *series.Event) {
	lw.mu.Lock()
	defer lw.mu.Unlock()
	if lw.closed || lw.err != nil {
		return
	}
	for _, m := range [...]struct {
		name string
		h    *hdrhistogram.Histogram
	}{{MetricLatency, ev.Latency}, {MetricAcquire, ev.Acquire}, {MetricLateness, ev.Lateness}} {
		if m.h == nil || m.h.TotalCount() == 0 {
			continue
		}
		if err := lw.line(ev, m.name, m.h); err != nil {
			lw.buf.Reset()
			lw.err = fmt.Errorf("hlog: encoding the %s histogram of %s: %w", m.name, Tag(ev, m.name), err)
			return
		}
	}
	lw.flush()
}

// line appends the line of metric name's histogram h of ev to lw.buf.
func (lw *Writer) line(ev *series.Event, name string, h *hdrhistogram.Histogram) error {
	enc, err := h.Encode(hdrhistogram.V2CompressedEncodingCookieBase)
	if err != nil {
		return err
	}
	b := &lw.buf
	b.WriteString("Tag=")
	b.WriteString(Tag(ev, name))
	b.WriteByte(',')
	from, to := millis(ev.Start.Sub(lw.start)+lw.sub), millis(ev.End.Sub(lw.start)+lw.sub)
	b.WriteString(seconds(from))
	b.WriteByte(',')
	b.WriteString(seconds(to - from))
	b.WriteByte(',')
	b.WriteString(strconv.FormatFloat(float64(h.Max())/MaxValueUnitRatio, 'f', 3, 64))
	b.WriteByte(',')
	b.Write(enc)
	b.WriteByte('\n')
	return nil
}

// flush writes lw.buf to lw.w in one call and keeps the first error.
func (lw *Writer) flush() {
	if lw.buf.Len() == 0 {
		return
	}
	if _, err := lw.w.Write(lw.buf.Bytes()); err != nil && lw.err == nil {
		lw.err = fmt.Errorf("hlog: %w", err)
	}
	lw.buf.Reset()
}

// Err returns the first error writing or encoding the log, or nil.
func (lw *Writer) Err() error {
	lw.mu.Lock()
	defer lw.mu.Unlock()
	return lw.err
}

// Close stops the Writer (later events are dropped) and returns Err. It
// does not close the io.Writer given to New, which stays the caller's.
func (lw *Writer) Close() error {
	lw.mu.Lock()
	defer lw.mu.Unlock()
	lw.closed = true
	return lw.err
}

// millis is d rounded to the nearest millisecond, in milliseconds. Start
// and end are rounded from BaseTime, so that the length of an interval is
// end minus start and consecutive intervals stay contiguous in the log.
func millis(d time.Duration) int64 { return d.Round(time.Millisecond).Milliseconds() }

// seconds formats ms milliseconds as seconds with millisecond decimals.
func seconds(ms int64) string {
	return strconv.FormatFloat(float64(ms)/1000, 'f', 3, 64)
}

// Tag returns the tag of metric's histogram of ev: scenario=S, then
// /phase=P on phase and load events, then /load=L on load events, then
// /metric, each name escaped with EscapeName.
func Tag(ev *series.Event, metric string) string {
	b := make([]byte, 0, 64)
	b = append(b, "scenario="...)
	b = appendEscaped(b, ev.Scenario)
	if ev.Level == series.LevelPhase || ev.Level == series.LevelLoad {
		b = append(b, "/phase="...)
		b = appendEscaped(b, ev.Phase)
	}
	if ev.Level == series.LevelLoad {
		b = append(b, "/load="...)
		b = appendEscaped(b, ev.Load)
	}
	b = append(b, '/')
	b = append(b, metric...)
	return string(b)
}

// EscapeName percent-encodes name for a tag: each byte of a comma, '%',
// '/', '=', a control character or a Unicode space (including an invalid
// UTF-8 byte) becomes %XX; every other character is kept.
func EscapeName(name string) string {
	return string(appendEscaped(nil, name))
}

func appendEscaped(b []byte, s string) []byte {
	const hex = "0123456789ABCDEF"
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == ',' || r == '%' || r == '/' || r == '=' || unicode.IsControl(r) || unicode.IsSpace(r) || r == utf8.RuneError && n == 1 {
			for _, c := range []byte(s[i : i+n]) {
				b = append(b, '%', hex[c>>4], hex[c&0xf])
			}
		} else {
			b = append(b, s[i:i+n]...)
		}
		i += n
	}
	return b
}
