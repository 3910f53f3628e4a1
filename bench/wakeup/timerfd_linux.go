//go:build linux

package wakeup

import (
	"os"
	"time"

	"golang.org/x/sys/unix"
)

// TimerfdSleeper waits on a non-blocking timerfd(2) read through the Go
// runtime's network poller: the kernel's high-resolution timer fires at
// d, and the goroutine is parked meanwhile like one waiting on a socket —
// no locked thread, no P handed off. An idle runtime blocks in
// epoll_wait, which the timerfd wakes at once; a busy one finds it ready
// the next time a P polls the network.
type TimerfdSleeper struct {
	f   *os.File
	fd  int
	buf [8]byte
}

// NewTimerfdSleeper returns a TimerfdSleeper on a new CLOCK_MONOTONIC
// timerfd; Close releases it.
func NewTimerfdSleeper() (*TimerfdSleeper, error) {
	fd, err := unix.TimerfdCreate(unix.CLOCK_MONOTONIC, unix.TFD_NONBLOCK|unix.TFD_CLOEXEC)
	if err != nil {
		return nil, os.NewSyscallError("timerfd_create", err)
	}
	return &TimerfdSleeper{f: os.NewFile(uintptr(fd), "timerfd"), fd: fd}, nil
}

// Sleep waits d.
func (s *TimerfdSleeper) Sleep(d time.Duration) {
	if d <= 0 {
		return
	}
	its := unix.ItimerSpec{Value: unix.NsecToTimespec(int64(d))}
	if err := unix.TimerfdSettime(s.fd, 0, &its, nil); err != nil {
		return
	}
	_, _ = s.f.Read(s.buf[:])
}

// Close closes the timerfd.
func (s *TimerfdSleeper) Close() error { return s.f.Close() }

// KickedTimerSleeper waits on a Go timer and arms a timerfd, registered
// with the network poller but never read, for the same instant. A busy
// runtime fires the timer when a P next looks at its timers (between
// goroutines); an idle one sleeps in epoll_wait with a timeout rounded up
// to a millisecond, and the timerfd's expiry ends that sleep on time, so
// the runtime looks at its timers then. One system call per wait.
type KickedTimerSleeper struct {
	t   *time.Timer
	fd  *TimerfdSleeper
	its unix.ItimerSpec
}

// NewKickedTimerSleeper returns a KickedTimerSleeper; Close releases its
// timerfd.
func NewKickedTimerSleeper() (*KickedTimerSleeper, error) {
	fd, err := NewTimerfdSleeper()
	if err != nil {
		return nil, err
	}
	t := time.NewTimer(time.Hour)
	t.Stop()
	return &KickedTimerSleeper{t: t, fd: fd}, nil
}

// Sleep waits d. The timer is set first: the timerfd, armed after it
// for the same d, expires no earlier than the timer is due.
func (s *KickedTimerSleeper) Sleep(d time.Duration) {
	s.t.Reset(d)
	s.its.Value = unix.NsecToTimespec(int64(d))
	_ = unix.TimerfdSettime(s.fd.fd, 0, &s.its, nil)
	<-s.t.C
}

// Close closes the timerfd.
func (s *KickedTimerSleeper) Close() error { return s.fd.Close() }
