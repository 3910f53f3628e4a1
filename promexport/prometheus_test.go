package promexport

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/stressql/stressql/internal/testenv"
	"github.com/stressql/stressql/results"
)

// startPrometheus starts a throwaway prometheus server on a free 127.0.0.1
// port that scrapes target (HOST:PORT) every second, with its storage in a
// temporary directory, and stops it (by its PID) when the test ends. It
// returns the server's base URL. A missing prometheus binary skips the
// test, except under CI=true.
func startPrometheus(t *testing.T, target string) string {
	t.Helper()
	bin, err := exec.LookPath("prometheus")
	if err != nil {
		testenv.Missing(t, "prometheus is not installed (scripts/ensure-servers.sh installs Debian's prometheus package)")
	}
	dir := t.TempDir()
	cfg := filepath.Join(dir, "prometheus.yml")
	if err := os.WriteFile(cfg, []byte(fmt.Sprintf(`global:
  scrape_interval: 1s
  scrape_timeout: 1s
scrape_configs:
  - job_name: stressql
    static_configs:
      - targets: ["%s"]
`, target)), 0o600); err != nil {
		t.Fatal(err)
	}
	addr := testenv.DeadAddr(t)
	var log bytes.Buffer
	cmd := exec.Command(bin, "--config.file="+cfg, "--storage.tsdb.path="+filepath.Join(dir, "data"),
		"--web.listen-address="+addr, "--log.level=warn")
	cmd.Dir = dir
	cmd.Stdout, cmd.Stderr = &log, &log
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start prometheus: %v", err)
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	t.Cleanup(func() { // before TempDir's cleanup, which removes dir
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(5 * time.Second):
			_ = cmd.Process.Kill()
			<-exited
		}
		if t.Failed() {
			t.Logf("prometheus log:\n%s", log.String())
		}
	})
	base := "http://" + addr
	poll(t, "prometheus on "+addr+" to be ready", 15*time.Second, exited, func() (bool, string) {
		resp, err := http.Get(base + "/-/ready")
		if err != nil {
			return false, err.Error()
		}
		resp.Body.Close()
		return resp.StatusCode == 200, resp.Status
	})
	return base
}

// poll calls cond every 200 ms until it holds, failing the test after
// within or when exited closes, with cond's last word.
func poll(t *testing.T, what string, within time.Duration, exited <-chan struct{}, cond func() (bool, string)) {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		ok, last := cond()
		if ok {
			return
		}
		select {
		case <-exited:
			t.Fatalf("prometheus exited while waiting for %s (last: %s)", what, last)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %s (last: %s)", within, what, last)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// query runs an instant query and returns the value of its only sample
// ("" with the reason when there is not exactly one).
func query(base, q string) (string, string) {
	resp, err := http.Get(base + "/api/v1/query?query=" + url.QueryEscape(q))
	if err != nil {
		return "", err.Error()
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	var r struct {
		Status string `json:"status"`
		Data   struct {
			Result []struct {
				Value [2]any `json:"value"`
			} `json:"result"`
		} `json:"data"`
	}
	if err := json.Unmarshal(body, &r); err != nil || r.Status != "success" {
		return "", fmt.Sprintf("%s: %s", resp.Status, body)
	}
	if len(r.Data.Result) != 1 {
		return "", fmt.Sprintf("%d samples: %s", len(r.Data.Result), body)
	}
	s, _ := r.Data.Result[0].Value[1].(string)
	return s, string(body)
}

// A real Prometheus scrapes the exporter and answers queries with the fed
// values, and sees them change while the run goes.
func TestPrometheusScrapes(t *testing.T) {
	begin := time.Now()
	e := New("0a1b2c3d")
	addr, err := e.Serve("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = e.Shutdown(ctx)
	})
	e.Interval(loadEvent("pool_exhaustion", "ramp", "holders", 40, 3, 0, errorsMap("acquire_timeout", 3),
		hdr(t, 1500, 2500), hdr(t, 30), nil))
	e.Interval(loadEvent("pool_exhaustion", "ramp", "holders", 2, 0, 0, errorsMap(), hdr(t, 1500), nil, nil))
	e.Interval(scenarioEvent("pool_exhaustion", results.Pool{IdleConns: sampled(1, 1), InUseConns: sampled(1, 7)},
		sampled(1, 8), results.Process{}))
	base := startPrometheus(t, addr.String())

	wait := func(q, want string) {
		t.Helper()
		poll(t, q+" = "+want, 20*time.Second, nil, func() (bool, string) {
			v, why := query(base, q)
			return v == want, why
		})
	}
	wait(`stressql_iterations_total{result="ok"}`, "42")
	wait(`stressql_errors_total{kind="acquire_timeout",load="holders",phase="ramp",scenario="pool_exhaustion",run_id="0a1b2c3d"}`, "3")
	wait(`db_client_connections_usage{state="used"}`, "7")
	wait(`stressql_iteration_latency_seconds_count`, "3")

	// The run goes on: the next scrape has the next interval.
	e.Interval(loadEvent("pool_exhaustion", "ramp", "holders", 8, 0, 0, errorsMap(), hdr(t, 1000), nil, nil))
	wait(`stressql_iterations_total{result="ok"}`, "50")
	wait(`sum(stressql_iteration_latency_seconds_bucket{le="0.001"})`, "1")
	t.Logf("integration test took %s", time.Since(begin).Round(time.Millisecond))
}
