package drivers

import "context"

// Restart modes of a ServerControl: how the server process is stopped.
const (
	// RestartKill kills the server at once (SIGKILL): a crash.
	RestartKill = "kill"
	// RestartFast shuts the server down cleanly and quickly (PostgreSQL's
	// fast shutdown, Redis SHUTDOWN NOSAVE).
	RestartFast = "fast"
)

// ServerControl stops and starts a server process stressql started itself
// (package ephemeral), on the same port and data directory: the restart
// fault acts through it. A run has one per driver only with --ephemeral;
// the machine's own servers never get one.
type ServerControl interface {
	// Down stops the server process with the mode (RestartKill or
	// RestartFast) and returns once the process is gone: connections are
	// then refused.
	Down(ctx context.Context, mode string) error
	// Up starts the server again on the same port and data directory and
	// returns once it accepts logins.
	Up(ctx context.Context) error
}
