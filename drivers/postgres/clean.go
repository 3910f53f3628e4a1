package postgres

import (
	"context"
	"errors"
	"fmt"
	"sort"

	"github.com/jackc/pgx/v5"

	"github.com/stressql/stressql/drivers"
)

// cleanAppName names the cleaner's connection: no run's pattern matches
// it, so it never counts as a run still connected.
const cleanAppName = "stressql#clean"

// cleaner implements drivers.Cleaner on one connection to the target's
// database.
type cleaner struct {
	conn *pgx.Conn
	url  string
}

// NewCleaner connects to the target (connect timeout 5s unless the URL
// says otherwise). Its errors never contain the password.
func NewCleaner(ctx context.Context, url string) (drivers.Cleaner, error) {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", scrub(err, url))
	}
	if cfg.ConnectTimeout <= 0 {
		cfg.ConnectTimeout = defaultConnectTimeout
	}
	cfg.RuntimeParams["application_name"] = cleanAppName
	cfg.DefaultQueryExecMode = pgx.QueryExecModeSimpleProtocol // works through PgBouncer in any pool mode
	c, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", scrub(err, url))
	}
	return &cleaner{conn: c, url: url}, nil
}

// Leftovers lists the schemas of the tool's naming in the database.
func (c *cleaner) Leftovers(ctx context.Context, n drivers.Naming) ([]drivers.Leftover, error) {
	rows, err := c.conn.Query(ctx, "select nspname from pg_namespace order by nspname")
	if err != nil {
		return nil, fmt.Errorf("postgres: listing schemas: %w", scrub(err, c.url))
	}
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("postgres: listing schemas: %w", scrub(err, c.url))
	}
	var out []drivers.Leftover
	for _, name := range names {
		if run, ok := n.Schema(name); ok {
			out = append(out, drivers.Leftover{Name: name, Run: run})
		}
	}
	return out, nil
}

// ConnectedRuns reads the application_name of every session of the
// server (pg_stat_activity shows it for other roles' sessions too).
func (c *cleaner) ConnectedRuns(ctx context.Context, n drivers.Naming) (map[string]bool, error) {
	rows, err := c.conn.Query(ctx, "select coalesce(application_name, '') from pg_stat_activity where pid <> pg_backend_pid()")
	if err != nil {
		return nil, fmt.Errorf("postgres: listing sessions: %w", scrub(err, c.url))
	}
	apps, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("postgres: listing sessions: %w", scrub(err, c.url))
	}
	live := map[string]bool{}
	for _, app := range apps {
		if run, ok := n.Conn(app); ok {
			live[run] = true
		}
	}
	return live, nil
}

// Remove drops each schema with everything in it. A schema that cannot
// be dropped (another role owns it) does not stop the others: the errors
// are returned together.
func (c *cleaner) Remove(ctx context.Context, n drivers.Naming, l []drivers.Leftover) ([]drivers.Leftover, error) {
	var removed []drivers.Leftover
	var errs []error
	for _, s := range l {
		if _, ok := n.Schema(s.Name); !ok {
			errs = append(errs, fmt.Errorf("postgres: %q is not a schema of the tool's naming", s.Name))
			continue
		}
		if _, err := c.conn.Exec(ctx, "drop schema if exists "+quoteIdent(s.Name)+" cascade"); err != nil {
			errs = append(errs, fmt.Errorf("postgres: drop schema %s: %w", s.Name, scrub(err, c.url)))
			continue
		}
		removed = append(removed, s)
	}
	sort.Slice(removed, func(i, j int) bool { return removed[i].Name < removed[j].Name })
	return removed, errors.Join(errs...)
}

func (c *cleaner) Close() {
	ctx, cancel := context.WithTimeout(context.Background(), defaultConnectTimeout)
	defer cancel()
	_ = c.conn.Close(ctx) // the socket is closed even when this reports an error
}
