package cas

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

// Retrying: which failures get another attempt, how long to wait before it,
// and when to give up. Every call goes through Client.retry; Classify
// (classify.go) says what each failure is.

const (
	// DefaultMaxRetries is how many times a failed call is retried unless
	// Config says otherwise: enough to ride out a minute of trouble.
	DefaultMaxRetries = 10

	// maxUnreachableAttempts bounds the attempts at an endpoint where
	// nothing answers (refused, unknown host), whatever MaxRetries says:
	// a service restarting answers again within them, a wrong endpoint never.
	maxUnreachableAttempts = 3

	// The first retry waits up to retryBaseDelay, each later one up to
	// twice as long as the one before, never more than retryMaxDelay.
	retryBaseDelay = 250 * time.Millisecond
	retryMaxDelay  = 20 * time.Second
)

// writes are the operations that change something, and what repeating one
// blindly could do. A write is tried again only when the answer proves it was
// not carried out: throttled, refused, or its request never sent. When its
// request went and no answer says what became of it, the call ends in an
// *OutcomeUnknownError for the caller to reconcile. Every other operation is
// a read, tried again after any transient failure.
var writes = map[string]string{
	"CreateDeploymentJob":        "create a second job",
	"UpdateDeploymentJob":        "apply a change again over a later one",
	"UpdateDeploymentJobStatus":  "start or stop a job a second time",
	"DeleteDeploymentJob":        "be refused for a job already gone",
	"UpdateWorkerResourceStatus": "roll a worker back twice",
	"CreateRollbackTask":         "roll a worker back twice",
	"UploadUserCertificate":      "upload a second copy, or be refused as a duplicate name",
	"DeleteUserCertificate":      "be refused for a certificate already gone",
	"CreateContact":              "create a second contact, or be refused as a duplicate name",
	"UpdateContact":              "apply a change again over a later one",
	"DeleteContact":              "be refused for a contact already gone",
	"AddCloudAccess":             "store the key a second time (CAS answers no ID to tell them apart)",
	"DeleteCloudAccess":          "be refused for a key already gone",
	"UpdateInstance":             "apply a change again over a later one",
	"ApplyCertificate":           "be refused as an application is outstanding, or submit a second one after the first ended",
	"CancelPendingCertificate":   "be refused as nothing is outstanding, or withdraw a later application",
}

// IsWrite reports whether action changes the account (it is never repeated
// blindly).
func IsWrite(action string) bool {
	_, ok := writes[action]
	return ok
}

// ErrRetriesExhausted is why a RetryError stopped when every allowed attempt failed.
var ErrRetriesExhausted = errors.New("every allowed retry failed")

// ErrUnreachable is why a RetryError stopped when nothing answered at the
// endpoint in maxUnreachableAttempts attempts.
var ErrUnreachable = errors.New("nothing answered at the endpoint")

// RetryError is a call that failed after more than one attempt, or whose
// retrying was cut short (deadline, cancellation, retry limit).
type RetryError struct {
	Action   string
	Attempts int           // requests sent
	Elapsed  time.Duration // from the start of the call (rate-limit wait included) to giving up
	// Reason is why retrying stopped: ErrRetriesExhausted, ErrUnreachable,
	// context.DeadlineExceeded, context.Canceled, or nil when the last
	// error is not worth retrying.
	Reason error
	Last   error // the last attempt's error; nil when no attempt had failed yet
}

func (e *RetryError) Error() string {
	var b strings.Builder
	if e.Last != nil {
		fmt.Fprintf(&b, "%v; gave up", e.Last)
	} else {
		fmt.Fprintf(&b, "%s: gave up", e.Action)
	}
	fmt.Fprintf(&b, " after %s", e.Tries())
	switch {
	case errors.Is(e.Reason, ErrRetriesExhausted):
		b.WriteString(" (retry limit reached)")
	case errors.Is(e.Reason, ErrUnreachable):
		b.WriteString(" (nothing answered)")
	case errors.Is(e.Reason, context.DeadlineExceeded):
		b.WriteString(" (deadline reached)")
	case errors.Is(e.Reason, context.Canceled):
		b.WriteString(" (cancelled)")
	}
	return b.String()
}

// Tries says how many attempts were made over how long: "3 attempts over 1.2s".
func (e *RetryError) Tries() string {
	word := "attempts"
	if e.Attempts == 1 {
		word = "attempt"
	}
	return fmt.Sprintf("%d %s over %s", e.Attempts, word, e.Elapsed.Round(time.Millisecond))
}

func (e *RetryError) Unwrap() []error {
	var errs []error
	for _, err := range []error{e.Reason, e.Last} {
		if err != nil {
			errs = append(errs, err)
		}
	}
	return errs
}

// transient reports whether a failure of this kind can pass by trying again.
func transient(k Kind) bool {
	switch k {
	case KindThrottled, KindUnavailable, KindUnreachable, KindConnectionLost, KindTimeout:
		return true
	}
	return false
}

// provenUndone reports whether a failure of this kind shows that the request
// was not carried out, given whether it was sent at all.
func provenUndone(k Kind, sent bool) bool {
	switch k {
	case KindThrottled, KindAuthentication, KindPermission, KindRefused, KindNotFound, KindUnreachable, KindUntrustedTLS:
		return true
	}
	return !sent
}

// retryDelay is the wait before retry number n (1 for the first retry).
// When the server said how long to wait, exactly that: the rate limiter
// then spaces out the callers it held. Otherwise "full jitter" (a uniformly
// random wait up to an exponentially growing cap), so that callers failing
// together do not come back together. The caller's deadline, not a cap
// here, decides whether the wait is worth starting.
func retryDelay(n int, serverAsked time.Duration) time.Duration {
	if serverAsked > 0 {
		return serverAsked
	}
	window := retryMaxDelay
	if n <= 16 {
		window = min(retryBaseDelay<<(n-1), retryMaxDelay)
	}
	return rand.N(window + 1) //nolint:gosec // jitter spreads retries; it guards no secret
}

// retry runs attempt until it succeeds, fails for good, or may not be tried
// again. Before each attempt it waits for its turn under the rate limiter,
// and tells the limiter how the service answered. attempt reports whether
// its request was sent (written whole to a connection).
func (c *Client) retry(ctx context.Context, action string, attempt func(context.Context) (sent bool, err error)) error {
	start := c.clock.Now()
	stop := func(attempts int, reason, last error) error {
		return &RetryError{Action: action, Attempts: attempts, Elapsed: c.clock.Now().Sub(start), Reason: reason, Last: last}
	}
	_, write := writes[action]
	var last error
	for n := 1; ; n++ {
		sentAt, err := c.limiter.wait(ctx)
		if err != nil {
			return stop(n-1, err, last)
		}
		sent, err := attempt(ctx)
		if err == nil {
			c.limiter.answered()
			return nil
		}
		f := Classify(err)
		var serverAsked time.Duration
		var apiErr *APIError
		if errors.As(err, &apiErr) {
			serverAsked = apiErr.RetryAfter
		}
		switch {
		case f.Kind == KindThrottled:
			c.limiter.throttled(sentAt, serverAsked)
		case apiErr != nil:
			c.limiter.answered()
		}
		switch {
		case write && !provenUndone(f.Kind, sent):
			return &OutcomeUnknownError{Action: action, Attempts: n, Err: err}
		case ctx.Err() != nil:
			return stop(n, ctx.Err(), last)
		case !transient(f.Kind):
			if n == 1 {
				return err
			}
			return stop(n, nil, err)
		case f.Kind == KindUnreachable && n >= maxUnreachableAttempts:
			return stop(n, ErrUnreachable, err)
		case n > c.maxRetries:
			return stop(n, ErrRetriesExhausted, err)
		}
		last = err

		delay := retryDelay(n, serverAsked)
		if deadline, ok := ctx.Deadline(); ok && deadline.Sub(c.clock.Now()) < delay {
			// Waiting would only end in a timeout: say so now.
			return stop(n, context.DeadlineExceeded, err)
		}
		c.logger.Warn(ctx, "CAS API call failed; retrying", map[string]any{
			"action": action, "attempt": n, "max_attempts": c.maxRetries + 1, "code": f.Code, "kind": f.Kind.String(),
			"request_id": f.RequestID, "delay_ms": delay.Milliseconds(), "server_asked_ms": serverAsked.Milliseconds(),
			"error": err.Error(),
		})
		if err := c.clock.Sleep(ctx, delay); err != nil {
			return stop(n, err, last)
		}
	}
}
