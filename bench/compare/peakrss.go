package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"strconv"
	"sync/atomic"
	"time"
)

// A child's ru_maxrss from wait4 is not its own peak on Linux: os/exec
// starts children with vfork semantics (CLONE_VM), and exec records the
// hiwater RSS of the memory it replaces — the parent's — as the child's
// maxrss. A 2 MB /bin/true started by a process that had touched 200 MB
// reports 207 MB. So bench/compare reads the child's own VmHWM (the
// hiwater RSS of its current address space, which exec started fresh)
// from /proc while it runs.

// hwmPollInterval is how often a child's VmHWM is read. VmHWM only grows,
// so only growth in the child's last interval can be missed.
const hwmPollInterval = 10 * time.Millisecond

// hwmWatch polls the VmHWM of a running process.
type hwmWatch struct {
	kb   atomic.Int64
	stop chan struct{}
	done chan struct{}
}

// watchHWM starts polling pid. It returns nil where /proc has no VmHWM
// (not Linux): callers fall back to ru_maxrss.
func watchHWM(pid int) *hwmWatch {
	path := fmt.Sprintf("/proc/%d/status", pid)
	if _, err := readHWM(path); err != nil {
		return nil
	}
	w := &hwmWatch{stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(w.done)
		t := time.NewTicker(hwmPollInterval)
		defer t.Stop()
		for {
			if kb, err := readHWM(path); err == nil && kb > w.kb.Load() {
				w.kb.Store(kb)
			}
			select {
			case <-w.stop:
				return
			case <-t.C:
			}
		}
	}()
	return w
}

// finish stops polling and returns the highest VmHWM seen, in KiB.
func (w *hwmWatch) finish() int64 {
	close(w.stop)
	<-w.done
	return w.kb.Load()
}

// readHWM returns the VmHWM line of a /proc/PID/status file in KiB.
func readHWM(path string) (int64, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0, err
	}
	return parseHWM(b)
}

func parseHWM(status []byte) (int64, error) {
	sc := bufio.NewScanner(bytes.NewReader(status))
	for sc.Scan() {
		rest, ok := bytes.CutPrefix(sc.Bytes(), []byte("VmHWM:"))
		if !ok {
			continue
		}
		f := bytes.Fields(rest)
		if len(f) != 2 || string(f[1]) != "kB" {
			return 0, fmt.Errorf("VmHWM line %q", sc.Bytes())
		}
		return strconv.ParseInt(string(f[0]), 10, 64)
	}
	return 0, fmt.Errorf("no VmHWM")
}
