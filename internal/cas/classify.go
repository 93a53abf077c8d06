package cas

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"syscall"
)

// Kind is what sort of failure ended a call. Classify decides it once, here;
// the retry policy (retry.go) and the provider's diagnostics and hints all
// read it, so an error is never judged two ways.
type Kind int

const (
	KindOther          Kind = iota // none of the below
	KindThrottled                  // the service would not take the call now: Throttling*, HTTP 429
	KindUnavailable                // the service's own trouble: ServiceUnavailable, InternalError, HTTP 5xx
	KindAuthentication             // the credentials or the signature made with them
	KindPermission                 // the credentials are valid but may not do this
	KindRefused                    // the request as it stands: parameters, state, an unknown action; refused again if repeated
	KindNotFound                   // what the request names does not exist (any more)
	KindUnreachable                // nothing answered at the endpoint (refused, unknown host): the request was not sent
	KindConnectionLost             // the connection failed once the exchange had begun, before the whole answer came
	KindTimeout                    // no complete answer within the connect and read timeouts
	KindBadAnswer                  // an answer that cannot be read as the operation documents
	KindUntrustedTLS               // the endpoint's TLS certificate is not trusted here
	KindCanceled                   // the caller cancelled, or its deadline passed
)

var kindNames = [...]string{"other", "throttled", "unavailable", "authentication", "permission", "refused", "not found",
	"unreachable", "connection lost", "timeout", "bad answer", "untrusted TLS", "canceled"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Failure is one failed call, classified.
type Failure struct {
	Kind Kind
	// Code names the failure in logs: the API's Code, else "HTTP 502",
	// "connection refused", "unknown host", "timeout", ...
	Code      string
	RequestID string // when an answer carried one
}

// codeKinds sorts API error codes by prefix; the first match wins, so a
// longer prefix comes before a shorter one it starts with.
var codeKinds = []struct {
	prefix string
	kind   Kind
}{
	{"Throttling", KindThrottled}, {"Rejected.Throttling", KindThrottled},
	{"ServiceUnavailable", KindUnavailable}, {"InternalError", KindUnavailable},
	{"InvalidAccessKeyId", KindAuthentication}, {"SignatureDoesNotMatch", KindAuthentication},
	{"IncompleteSignature", KindAuthentication}, {"InvalidSecurityToken", KindAuthentication},
	{"MissingSecurityToken", KindAuthentication},
	{"Forbidden", KindPermission}, {"NoPermission", KindPermission}, {"Unauthorized", KindPermission},
	// The service publishes no codes for a missing job or certificate; the
	// emulator's NotFound.* are assumed (internal/emulator/ASSUMPTIONS.md).
	{"NotFound", KindNotFound},
	// The rest are refusals of the request itself, named so that no HTTP
	// status (a 5xx included) makes them look worth repeating.
	{"InvalidTimeStamp", KindRefused}, {"SignatureNonceUsed", KindRefused}, {"InvalidParameter", KindRefused},
	{"Missing", KindRefused}, {"InvalidAction", KindRefused}, {"InvalidVersion", KindRefused},
}

// Classify says what kind of failure err is. nil is KindOther.
func Classify(err error) Failure {
	var (
		apiErr      *APIError
		respErr     *ResponseError
		notFoundErr *NotFoundError
		timeoutErr  *TimeoutError
		dnsErr      *net.DNSError
		opErr       *net.OpError
	)
	switch {
	case errors.As(err, &notFoundErr):
		return Failure{Kind: KindNotFound, Code: "not found", RequestID: notFoundErr.RequestID}
	case errors.As(err, &apiErr):
		return Failure{Kind: apiErrorKind(apiErr), Code: apiErr.Code, RequestID: apiErr.RequestID}
	case errors.As(err, &respErr):
		f := Failure{Kind: statusKind(respErr.StatusCode), Code: fmt.Sprintf("HTTP %d", respErr.StatusCode), RequestID: respErr.RequestID}
		if f.Kind == KindRefused || f.Kind == KindOther {
			f.Kind = KindBadAnswer
		}
		return f
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded) && !errors.As(err, &timeoutErr):
		return Failure{Kind: KindCanceled, Code: "canceled"}
	case errors.As(err, &timeoutErr):
		return Failure{Kind: KindTimeout, Code: "timeout"}
	case isTLSTrustError(err):
		return Failure{Kind: KindUntrustedTLS, Code: "untrusted TLS certificate"}
	case errors.Is(err, syscall.ECONNREFUSED):
		return Failure{Kind: KindUnreachable, Code: "connection refused"}
	case errors.As(err, &dnsErr):
		if dnsErr.IsNotFound {
			return Failure{Kind: KindUnreachable, Code: "unknown host"}
		}
		return Failure{Kind: KindUnreachable, Code: "DNS lookup failed"}
	case errors.As(err, &opErr) && opErr.Op == "dial":
		return Failure{Kind: KindUnreachable, Code: "connect failed"}
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE), errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return Failure{Kind: KindConnectionLost, Code: "connection dropped"}
	case errors.As(err, &opErr):
		return Failure{Kind: KindConnectionLost, Code: "network error"}
	}
	return Failure{Kind: KindOther, Code: "error"}
}

func apiErrorKind(e *APIError) Kind {
	for _, c := range codeKinds {
		if strings.HasPrefix(e.Code, c.prefix) {
			return c.kind
		}
	}
	return statusKind(e.StatusCode)
}

func statusKind(status int) Kind {
	switch {
	case status == 429:
		return KindThrottled
	case status >= 500:
		return KindUnavailable
	}
	return KindRefused
}

func isTLSTrustError(err error) bool {
	var (
		unknownAuthority x509.UnknownAuthorityError
		invalid          x509.CertificateInvalidError
		hostname         x509.HostnameError
		verify           *tls.CertificateVerificationError
	)
	return errors.As(err, &unknownAuthority) || errors.As(err, &invalid) || errors.As(err, &hostname) || errors.As(err, &verify)
}

// Refusals a caller acts on, beyond their Kind. No CAS page publishes these
// codes: they are the emulator's assumptions (internal/emulator/ASSUMPTIONS.md),
// matched loosely enough to survive the real code's spelling where that helps.

// NameTaken reports an upload refused because the account already has a
// certificate of that name.
func NameTaken(err error) bool {
	return hasCode(err, func(code string) bool { return code == "NameRepeat" })
}

// InUse reports a deletion refused because something (an unfinished
// deployment job) still uses what was to be deleted.
func InUse(err error) bool {
	return hasCode(err, func(code string) bool { return strings.HasSuffix(code, "InUse") })
}

// StatusNotSupported reports whether CAS refused a write on a certificate
// instance as its status does not allow it (CancelPendingCertificate with
// nothing outstanding, ApplyCertificate with an application outstanding).
func StatusNotSupported(err error) bool {
	return hasCode(err, func(code string) bool { return code == "OperationDenied.StatusNotSupport" })
}

// RefusedAsProcessing reports a status change refused because the job is already
// running.
func RefusedAsProcessing(err error) bool {
	return hasCode(err, func(code string) bool { return code == "OperationDenied.JobProcessing" })
}

// NotOffered reports an operation the endpoint does not know (an older API,
// or a site without it): InvalidAction.*.
func NotOffered(err error) bool {
	return hasCode(err, func(code string) bool { return strings.HasPrefix(code, "InvalidAction") })
}

func hasCode(err error, match func(code string) bool) bool {
	var apiErr *APIError
	return errors.As(err, &apiErr) && match(apiErr.Code)
}
