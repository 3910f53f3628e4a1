package drivers

import "context"

// Naming recognises what runs of the tool write and how they name their
// connections (engine makes the names and provides these). A
// driver's Cleaner only lists, checks and removes; it never decides by
// itself what is the tool's.
type Naming struct {
	// Schema returns the run id of a PostgreSQL schema of the tool's
	// naming, ok false for any other schema.
	Schema func(name string) (run string, ok bool)
	// Key returns the namespace (key prefix) and run id of a Redis key
	// of the tool's naming, ok false for any other key.
	Key func(key string) (prefix, run string, ok bool)
	// KeyGlob is a SCAN MATCH pattern every such key matches (it only
	// narrows the scan: Key decides).
	KeyGlob string
	// Conn returns the run id of a connection named by a run
	// (application_name / client name), ok false for any other name.
	Conn func(name string) (run string, ok bool)
}

// Leftover is one namespace an earlier run left on a server: a schema, or
// a key prefix with the number of keys under it.
type Leftover struct {
	Name string `json:"name"`
	Run  string `json:"run"`
	Keys int64  `json:"keys,omitempty"` // Redis only
}

// Cleaner finds and removes what earlier runs left on one target (see
// `stressql clean`). It holds one connection, named so that no run's
// pattern matches it, and stays in the target's database.
type Cleaner interface {
	// Leftovers lists the namespaces of the tool's naming on the target.
	Leftovers(ctx context.Context, n Naming) ([]Leftover, error)
	// ConnectedRuns returns the run ids with a connection to the server.
	ConnectedRuns(ctx context.Context, n Naming) (map[string]bool, error)
	// Remove removes the namespaces and returns what it removed (for
	// Redis, with the number of keys unlinked). Removing what is already
	// gone is not an error.
	Remove(ctx context.Context, n Naming, l []Leftover) ([]Leftover, error)
	Close()
}
