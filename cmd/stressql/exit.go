package main

import "fmt"

// Exit codes.
const (
	exitOK          = 0
	exitFailed      = 1   // a check failed, a scenario errored, fmt -check found changes
	exitInvalid     = 2   // invalid configuration or usage
	exitInterrupted = 130 // SIGINT/SIGTERM
)

// exitError ends a command with a code. Any other error a command returns
// is a usage error (exit 2), as are cobra's own (unknown flag, command).
type exitError struct {
	code int
	// err is printed as "Error: ..." unless nil (when the command already
	// printed what went wrong, such as diagnostics).
	err error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit status %d", e.code)
	}
	return e.err.Error()
}

func (e *exitError) Unwrap() error { return e.err }

// exitWith ends a command with code after printing err (nil: print
// nothing more).
func exitWith(code int, err error) error { return &exitError{code: code, err: err} }

// invalid ends a command with exit 2 and the message.
func invalid(format string, args ...any) error {
	return exitWith(exitInvalid, fmt.Errorf(format, args...))
}
