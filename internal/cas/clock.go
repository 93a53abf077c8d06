package cas

import (
	"context"
	"time"
)

// Clock is the time a Client waits by: the pause between attempts, the rate
// limiter's pace, the deadlines it compares them with. Config.Clock nil is
// the real clock; tests give clocktest.Clock, whose time moves only when
// every caller is waiting, so that nothing they assert depends on how fast
// the machine is.
type Clock interface {
	Now() time.Time
	// Sleep waits d, or until ctx is done (and then returns its error).
	Sleep(ctx context.Context, d time.Duration) error
	// WithTimeout is context.WithTimeout on this clock.
	WithTimeout(ctx context.Context, d time.Duration) (context.Context, context.CancelFunc)
}

// RealClock is the machine's clock, for callers outside a Client that wait
// alongside it.
var RealClock Clock = realClock{}

type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

func (realClock) Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

func (realClock) WithTimeout(ctx context.Context, d time.Duration) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, d)
}
