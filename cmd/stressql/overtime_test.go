package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	hdrhistogram "github.com/HdrHistogram/hdrhistogram-go"

	"github.com/stressql/stressql/internal/testenv"
	"github.com/stressql/stressql/results"
)

// TestRunOverTime runs a real 3 s scenario with --interval, --hlog,
// --metrics-addr and --json: the JSON has one record per second whose
// counts add up; the interval log decodes to the same counts; /metrics,
// scraped while the run goes, passes promtool check metrics.
func TestRunOverTime(t *testing.T) {
	rd := testenv.URL(t, "redis")
	promtool, err := exec.LookPath("promtool")
	if err != nil {
		testenv.Missing(t, "promtool (Debian package prometheus; scripts/ensure-servers.sh installs it)")
	}
	dir := t.TempDir()
	jsonPath, hlogPath := filepath.Join(dir, "run.json"), filepath.Join(dir, "run.hlog")
	var out, errb syncBuffer
	g := &globalOptions{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, getenv: func(string) string { return "" }}
	done := make(chan int, 1)
	go func() {
		done <- execute(context.Background(), g, []string{"run", "testdata/overtime", "--redis", rd, "--no-color",
			"--interval", "1s", "--hlog", hlogPath, "--json", jsonPath, "--metrics-addr", "127.0.0.1:0"})
	}()

	// Scrape once the first interval is over.
	addr := regexp.MustCompile(`live metrics at (http://\S+/metrics)`)
	var url string
	for deadline := time.Now().Add(10 * time.Second); url == "" && time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if m := addr.FindStringSubmatch(errb.String()); m != nil {
			url = m[1]
		}
	}
	if url == "" {
		t.Fatalf("no metrics address in stderr: %s", errb.String())
	}
	var scrape string
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		resp, err := http.Get(url)
		if err != nil {
			continue
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if strings.Contains(string(b), `stressql_iterations_total{load="ping"`) {
			scrape = string(b)
			break
		}
	}
	if code := <-done; code != 0 {
		t.Fatalf("run exit %d\n%s\n%s", code, out.String(), errb.String())
	}
	if scrape == "" {
		t.Fatal("no scrape during the run had the load's iterations")
	}
	check := exec.Command(promtool, "check", "metrics")
	check.Stdin = strings.NewReader(scrape)
	if b, err := check.CombinedOutput(); err != nil {
		t.Fatalf("promtool check metrics: %v\n%s", err, b)
	}

	var run results.Run
	b, err := os.ReadFile(jsonPath)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &run); err != nil {
		t.Fatal(err)
	}
	r := run.Scenarios[0].Result
	if n := len(r.Series); n != 3 {
		t.Fatalf("%d records for 3 s, want 3", n)
	}
	var ok int64
	for _, rec := range r.Series {
		ok += rec.Ops.OK
	}
	if ok != r.Ops.OK || ok != 600 {
		t.Errorf("records add up to %d ok, totals %d, want 600", ok, r.Ops.OK)
	}

	// The interval log: the scenario's latency lines hold every iteration.
	f, err := os.Open(hlogPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var logged int64
	lines := 0
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if !strings.HasPrefix(line, "Tag=scenario=overtime_steady/latency,") {
			continue
		}
		fields := strings.Split(line, ",")
		h, err := hdrhistogram.Decode([]byte(fields[len(fields)-1]))
		if err != nil {
			t.Fatalf("decode %q: %v", line, err)
		}
		logged += h.TotalCount()
		lines++
	}
	if lines != 3 || logged != r.Latency.Count {
		t.Errorf("interval log: %d scenario latency lines holding %d values, want 3 holding %d", lines, logged, r.Latency.Count)
	}
}
