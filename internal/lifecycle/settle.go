package lifecycle

import (
	"context"
	"errors"
	"fmt"

	"github.com/alicas/terraform-provider-alicas/internal/cas"
)

// write is one call that changes the account, and how to tell by reading the
// account whether it was carried out.
type write[T any] struct {
	action string
	do     func(ctx context.Context) (T, error)
	// look reads the account: done and the write's result when it was
	// carried out. An error that is a *GoneError ends the write with it.
	look func(ctx context.Context) (result T, done bool, err error)
}

// maxSends bounds how often one write is sent, each time after reading the
// account showed the one before was not carried out.
const maxSends = 5

// once carries w out exactly once. The client has already retried every
// failure that proves the write was not carried out; an outcome it cannot
// know (*cas.OutcomeUnknownError) is settled here by reading the account:
// done, the write's result is returned; not done, it is sent again. When ctx
// ends before reading can tell, the error is an *UnsettledError, for the
// caller to keep what the next attempt needs to settle it.
func once[T any](ctx context.Context, e *Engine, w write[T]) (T, error) {
	var zero T
	for sends := 1; ; sends++ {
		result, err := w.do(ctx)
		var unknown *cas.OutcomeUnknownError
		if !errors.As(err, &unknown) {
			return result, err
		}
		e.log.Warn(ctx, fmt.Sprintf("the answer to %s was lost; reading the account to settle it", w.action),
			map[string]any{"action": w.action, "error": err.Error()})
		result, done, lookErr := settle(ctx, e, w)
		switch {
		case lookErr != nil:
			var gone *GoneError
			if errors.As(lookErr, &gone) {
				return zero, lookErr
			}
			return zero, &UnsettledError{Action: w.action, Err: err, Look: lookErr}
		case done:
			e.log.Info(ctx, fmt.Sprintf("%s was carried out: its lost answer is settled", w.action), map[string]any{"action": w.action})
			return result, nil
		case sends == maxSends:
			return zero, fmt.Errorf("%s was sent %d times, and each time reading the account showed it was not carried out: %w", w.action, sends, err)
		}
		e.log.Info(ctx, fmt.Sprintf("%s was not carried out; sending it again", w.action), map[string]any{"action": w.action})
	}
}

// deleteOnce deletes something once: a lost answer is settled by read
// finding it gone (Gone), and something already gone is no error.
func deleteOnce(ctx context.Context, e *Engine, action string, del func(context.Context) error, read func(context.Context) error) error {
	_, err := once(ctx, e, write[struct{}]{
		action: action,
		do:     func(ctx context.Context) (struct{}, error) { return struct{}{}, del(ctx) },
		look: func(ctx context.Context) (struct{}, bool, error) {
			err := read(ctx)
			if Gone(err) {
				return struct{}{}, true, nil
			}
			return struct{}{}, false, err
		},
	})
	if Gone(err) {
		return nil
	}
	return err
}

// settle reads the account until it tells whether w was carried out, or
// ctx ends. A read the client gave up on (its own retries spent) is tried
// again after a pause; one refused for good (permission, a bad request)
// ends it at once: waiting would not change the answer.
func settle[T any](ctx context.Context, e *Engine, w write[T]) (T, bool, error) {
	for n := 1; ; n++ {
		result, done, err := w.look(ctx)
		if err == nil {
			return result, done, nil
		}
		var gone *GoneError
		if errors.As(err, &gone) || !worthLookingAgain(err) || ctx.Err() != nil {
			return result, false, err
		}
		if serr := e.clock.Sleep(ctx, e.polling.interval(n)); serr != nil {
			return result, false, errors.Join(err, serr)
		}
	}
}

// worthLookingAgain reports whether a failed read may succeed later.
func worthLookingAgain(err error) bool {
	switch cas.Classify(err).Kind {
	case cas.KindThrottled, cas.KindUnavailable, cas.KindUnreachable, cas.KindConnectionLost, cas.KindTimeout, cas.KindBadAnswer:
		return true
	}
	return false
}

// UnsettledError is a write whose outcome is still unknown when the time to
// settle it ran out: its answer was lost, and reading the account could not
// tell whether it was carried out.
type UnsettledError struct {
	Action string
	Err    error // the write's *cas.OutcomeUnknownError
	Look   error // why reading the account could not tell
}

func (e *UnsettledError) Error() string {
	return fmt.Sprintf("%s may or may not have been carried out, and reading the account could not tell: %v (reading: %v)", e.Action, e.Err, e.Look)
}

func (e *UnsettledError) Unwrap() []error { return []error{e.Err, e.Look} }

// GoneError is what the engine was asked to act on no longer existing.
type GoneError struct {
	What string // e.g. "deployment job 8888"
	Err  error  // the not-found answer, or nil when the object is marked deleted
}

func (e *GoneError) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s does not exist: %v", e.What, e.Err)
	}
	return e.What + " was deleted"
}

func (e *GoneError) Unwrap() error { return e.Err }

// Gone reports whether err says the object is gone: a *GoneError, or an
// answer the client classifies as not found. The one not-found test.
func Gone(err error) bool {
	var gone *GoneError
	return errors.As(err, &gone) || (err != nil && cas.Classify(err).Kind == cas.KindNotFound)
}
