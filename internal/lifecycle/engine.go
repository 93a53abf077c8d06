// Package lifecycle carries CAS objects through their lives exactly once,
// whatever the network does: a deployment job is created once, started once,
// waited for, rolled back and deleted; a certificate is uploaded once and
// deleted. It knows nothing of Terraform.
//
// The one rule for every write is in once (settle.go): a failure that proves
// the write was not carried out has already been retried by the client; any
// other (answer lost, connection reset after sending, 5xx, a read timeout) is
// settled by reading the account before anything is reported. That rests on
// one assumption about CAS: a write it has carried out shows in the next read
// (no document says otherwise, and the console behaves so).
package lifecycle

import (
	"context"
	"math/rand/v2"
	"sync/atomic"
	"time"

	"github.com/alicas/terraform-provider-alicas/internal/cas"
)

// Engine runs lifecycles through one client, on the client's clock.
type Engine struct {
	client  *cas.Client
	clock   cas.Clock
	polling Polling
	log     Logger
	// noRollbackTask: the endpoint answered that it has no CreateRollbackTask.
	noRollbackTask atomic.Bool
}

// Logger receives a line for each step worth telling: a job's new status,
// a lost answer and how it was settled.
type Logger interface {
	Info(ctx context.Context, msg string, fields map[string]any)
	Warn(ctx context.Context, msg string, fields map[string]any)
}

type nopLogger struct{}

func (nopLogger) Info(context.Context, string, map[string]any) {}
func (nopLogger) Warn(context.Context, string, map[string]any) {}

// New is an engine calling CAS through client. A zero polling is
// DefaultPolling; a nil log says nothing.
func New(client *cas.Client, polling Polling, log Logger) *Engine {
	if polling == (Polling{}) {
		polling = DefaultPolling
	}
	if log == nil {
		log = nopLogger{}
	}
	return &Engine{client: client, clock: client.Clock(), polling: polling, log: log}
}

// Client is the client the engine calls through.
func (e *Engine) Client() *cas.Client { return e.client }

// Polling is how often the engine looks at something it waits for: first
// after about Floor, each wait half again as long as the one before, never
// longer than Ceiling. A long job costs few calls: about 15 for ten minutes.
type Polling struct {
	Floor, Ceiling time.Duration
}

// DefaultPolling suits CAS's jobs, which take seconds to minutes.
var DefaultPolling = Polling{Floor: time.Second, Ceiling: 30 * time.Second}

// interval is the wait before look n (1 for the first): Floor × 1.5^(n-1),
// capped, with ±20 % jitter so that many jobs started together do not poll
// together.
func (p Polling) interval(n int) time.Duration {
	d := float64(p.Floor)
	for i := 1; i < n && d < float64(p.Ceiling); i++ {
		d *= 1.5
	}
	d = min(d, float64(p.Ceiling))
	return time.Duration(d * (0.8 + 0.4*rand.Float64())) //nolint:gosec // jitter spreads polls; it guards no secret
}

// poll calls check after each growing interval until it reports done, it
// fails, or ctx ends.
func (e *Engine) poll(ctx context.Context, check func(context.Context) (bool, error)) error {
	for n := 1; ; n++ {
		if err := e.clock.Sleep(ctx, e.polling.interval(n)); err != nil {
			return err
		}
		if done, err := check(ctx); done || err != nil {
			return err
		}
	}
}
