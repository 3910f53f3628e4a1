package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"syscall"
	"time"
)

// childResult is what a finished child process left: its output, how
// long it ran, and its resource usage from wait4.
type childResult struct {
	Stdout, Stderr []byte
	ExitCode       int
	Elapsed        time.Duration
	// CPU is user + system time of the child.
	CPU time.Duration
	// MaxRSSKB is the child's peak resident set size in KiB, for a
	// command with peakRSS set: its VmHWM, polled while it runs (see
	// peakrss.go), or ru_maxrss where /proc has none. Otherwise 0.
	MaxRSSKB int64
}

// killGrace is how long a child has to exit after SIGINT at its deadline
// before it is killed.
const killGrace = 10 * time.Second

// command is a child process to run.
type command struct {
	name string
	args []string
	env  []string // added to the current environment
	dir  string   // working directory; "" = the current one
	// timeout bounds the run: then the child is interrupted (SIGINT, so
	// stressql still writes its report) and killed killGrace later.
	timeout time.Duration
	// peakRSS polls the child's VmHWM while it runs, for MaxRSSKB. Only
	// the memory rows ask for it: the poll reads /proc/PID/status every
	// hwmPollInterval from this process, and in a throughput run that CPU
	// is taken from the contest on a 2-core machine (perf: 2.6 % of a SET
	// run's CPU, 483 of 18 649 samples) while the bare loops, which run
	// in this process, pay nothing of the kind.
	peakRSS bool
	// started, when set, is called with the child's PID once it runs
	// (the side-by-side rows sample its CPU time from /proc).
	started func(pid int)
}

// run runs the command to completion. Only this child is ever signalled.
// A non-zero exit is not an error: the caller judges ExitCode; err is for
// a child that could not start or was stopped at its timeout.
func (c command) run(ctx context.Context) (childResult, error) {
	name := c.name
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, c.args...)
	cmd.Env = append(os.Environ(), c.env...)
	cmd.Dir = c.dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = killGrace
	start := time.Now()
	err := cmd.Start()
	var hwm *hwmWatch
	if err == nil {
		if c.peakRSS {
			hwm = watchHWM(cmd.Process.Pid)
		}
		if c.started != nil {
			c.started(cmd.Process.Pid)
		}
		err = cmd.Wait()
	}
	res := childResult{Stdout: stdout.Bytes(), Stderr: stderr.Bytes(), Elapsed: time.Since(start), ExitCode: -1}
	if st := cmd.ProcessState; st != nil {
		res.ExitCode = st.ExitCode()
		res.CPU = st.UserTime() + st.SystemTime()
		if ru, ok := st.SysUsage().(*syscall.Rusage); ok && c.peakRSS {
			res.MaxRSSKB = ru.Maxrss
		}
	}
	if hwm != nil {
		if kb := hwm.finish(); kb > 0 {
			res.MaxRSSKB = kb
		}
	}
	var exitErr *exec.ExitError
	switch {
	case ctx.Err() != nil:
		return res, fmt.Errorf("%s: stopped after %s: %w", name, c.timeout, ctx.Err())
	case err != nil && !errors.As(err, &exitErr):
		return res, fmt.Errorf("%s: %w", name, err)
	}
	return res, nil
}

// tail returns the last lines of b, for error messages.
func tail(b []byte, lines int) string {
	b = bytes.TrimRight(b, "\n")
	for i := len(b) - 1; i >= 0; i-- {
		if b[i] == '\n' {
			lines--
			if lines == 0 {
				return string(b[i+1:])
			}
		}
	}
	return string(b)
}

// selfCPU returns this process's user + system CPU time so far.
func selfCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
