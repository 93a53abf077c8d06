package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/alicas/terraform-provider-alicas/internal/cas"
	"github.com/alicas/terraform-provider-alicas/internal/lifecycle"
)

// hints say what to do about the API error codes a user can fix, by code
// prefix: a code takes the hint of its longest dotted prefix that has one
// (Throttling.User takes Throttling's).
var hints = map[string]string{ //nolint:gosec // advice text naming settings, no credential in it
	"InvalidAccessKeyId.NotFound":                "Alibaba Cloud does not know this AccessKey ID{access_key}: check it, and that the key is enabled in the RAM console.",
	"InvalidAccessKeyId.Inactive":                "This AccessKey is disabled: enable it in the RAM console or use another key.",
	"SignatureDoesNotMatch":                      "The request signature did not match: the AccessKey secret{secret_key} is not the secret of the AccessKey ID{access_key}. Check it for a typo or truncation.",
	"IncompleteSignature":                        "The request signature was incomplete: check that the AccessKey ID{access_key} and secret{secret_key} are both set and contain no stray spaces.",
	"InvalidTimeStamp":                           "This machine's clock is more than 15 minutes off Alibaba Cloud's: synchronise it (NTP) and retry.",
	"SignatureNonceUsed":                         "A request was replayed (its nonce was seen before); retry. If it repeats, a proxy may be resending requests.",
	"InvalidSecurityToken.Expired":               "The STS token{security_token} has expired: get fresh temporary credentials and put them where the credentials below came from, or use a source that renews them (assume_role, a RamRoleArn profile).",
	"InvalidSecurityToken.Malformed":             "The STS token{security_token} is not valid for this AccessKey: check it, or unset it for a permanent AccessKey.",
	"InvalidSecurityToken.MismatchWithAccessKey": "The STS token{security_token} belongs to another AccessKey: give the AccessKey ID, secret and STS token of the same STS credential.",
	"Forbidden":                                  "The RAM user or role lacks permission for {action}: grant it the RAM action yundun-cert:{action}{policy}.",
	"Throttling":                                 "Alibaba Cloud is rate-limiting this account: the provider slows down by itself when throttled, so other tools probably share the quota. Set max_requests_per_second below the share they leave, raise max_retries, or retry later.",
}

// hintFor is the hint for an API error code, by its longest dotted prefix,
// as written: withKeysFrom fills in where the credentials were set.
func hintFor(code string) string {
	for c := code; c != ""; {
		if hint, ok := hints[c]; ok {
			return hint
		}
		i := strings.LastIndexByte(c, '.')
		if i < 0 {
			break
		}
		c = c[:i]
	}
	return ""
}

// withKeysFrom fills a hint's {access_key}, {secret_key} and
// {security_token} with where src set that part, in parentheses, or with
// nothing where the user set none (keys a service issued).
func withKeysFrom(hint string, src cas.CredentialSource) string {
	where := func(s string) string {
		if s == "" {
			return ""
		}
		return " (" + s + ")"
	}
	return strings.NewReplacer("{access_key}", where(src.AccessKeyID), "{secret_key}", where(src.AccessKeySecret),
		"{security_token}", where(src.SecurityToken)).Replace(hint)
}

// withAction fills a hint's {action} with the operation that failed, and
// {policy} with the system policy that grants it: reads and writes need
// different ones.
func withAction(hint, action string) string {
	policy := " (or the CAS read actions: the AliyunYundunCertReadOnlyAccess policy)"
	if cas.IsWrite(action) {
		policy = " (or the AliyunYundunCertFullAccess policy; the read-only policy cannot write)"
	}
	return strings.NewReplacer("{action}", action, "{policy}", policy).Replace(hint)
}

// apiErrorDiagnostic turns a data source's failed API call into one
// diagnostic (failedCallDiagnostic); its timeout is timeouts { read }.
func apiErrorDiagnostic(summary string, err error) diag.Diagnostic {
	return failedCallDiagnostic(summary, err, "the data source's timeouts { read }")
}

// resourceErrorDiagnostic is apiErrorDiagnostic for a resource's
// operation (create, read, update, delete), whose timeout bounds it.
func resourceErrorDiagnostic(summary string, err error, operation string) diag.Diagnostic {
	timeout := "timeouts { " + operation + " }"
	if operation == "read" {
		timeout = "client_read_timeout"
	}
	return failedCallDiagnostic(summary, err, timeout)
}

// failedCallDiagnostic turns an API client error into one diagnostic that
// says what failed, the API's Code, Message and RequestId, what to do, and,
// when the call was retried, how many attempts were made over how long.
// timeout names the setting that bounds the operation.
func failedCallDiagnostic(summary string, err error, timeout string) diag.Diagnostic {
	plainHTTP := err != nil && strings.Contains(err.Error(), "server gave HTTP response to HTTPS client")
	if credErr := (*credentialError)(nil); errors.As(err, &credErr) {
		summary = "Could not get credentials from " + credErr.source // what failed heads it, whatever the call was for
	}
	var b strings.Builder
	var retryErr *cas.RetryError
	if errors.As(err, &retryErr) {
		err = retryErr.Last
	}
	var unsettled *lifecycle.UnsettledError
	if errors.As(err, &unsettled) {
		fmt.Fprintf(&b, "%s may or may not have been carried out: its request was sent and no answer says what became of it, "+
			"and reading the account to settle it failed too: %v\n\nThe next apply reads the account again before acting: "+
			"nothing is done twice.\n\nWhat the write met: ", unsettled.Action, unsettled.Look)
		err = unsettled.Err
	}
	var unknown *cas.OutcomeUnknownError
	if errors.As(err, &unknown) {
		if unsettled == nil {
			fmt.Fprintf(&b, "%s may or may not have been carried out: its request was sent and no answer says what became of it.\n\n", unknown.Action)
		}
		err = unknown.Err
	}
	var (
		apiErr     *cas.APIError
		respErr    *cas.ResponseError
		credErr    *credentialError
		timeoutErr *cas.TimeoutError
		netErr     *cas.NetworkError
	)
	failure := cas.Classify(err)
	switch {
	case errors.As(err, &credErr):
		b.WriteString(credErr.explain())
	case err == nil && retryErr.Attempts == 0:
		fmt.Fprintf(&b, "%s was still waiting its turn under max_requests_per_second or the slower pace throttling had set.", retryErr.Action)
	case err == nil: // stopped before any attempt had failed
		fmt.Fprintf(&b, "%s had not answered yet.", retryErr.Action)
	case errors.As(err, &apiErr):
		if apiErr.Code == "" {
			fmt.Fprintf(&b, "%s answered HTTP %d with no error Code", apiErr.Action, apiErr.StatusCode)
		} else {
			fmt.Fprintf(&b, "%s answered HTTP %d with Code %s", apiErr.Action, apiErr.StatusCode, apiErr.Code)
		}
		if apiErr.Message != "" {
			fmt.Fprintf(&b, ": %s", apiErr.Message)
		}
		fmt.Fprintf(&b, "\nRequestId: %s", orUnknown(apiErr.RequestID))
		if hint := hintFor(apiErr.Code); hint != "" {
			fmt.Fprintf(&b, "\n\n%s", withAction(withKeysFrom(hint, apiErr.CredentialSource), apiErr.Action))
		}
		if apiErr.Recommend != "" {
			fmt.Fprintf(&b, "\nDiagnosis: %s", apiErr.Recommend)
		}
		if (failure.Kind == cas.KindAuthentication || failure.Kind == cas.KindPermission) && apiErr.CredentialSource.Description != "" {
			fmt.Fprintf(&b, "\nCredentials used: %s.", apiErr.CredentialSource.Description)
		}
	case errors.As(err, &respErr):
		fmt.Fprintf(&b, "%s gave an answer the provider cannot use (HTTP %d): %s\nRequestId: %s\n\n"+
			"Nothing was written to state. If this repeats, report it with the RequestId.",
			respErr.Action, respErr.StatusCode, respErr.Reason, orUnknown(respErr.RequestID))
	case errors.As(err, &timeoutErr) && timeoutErr.Connecting:
		fmt.Fprintf(&b, "%v\n\n%s On a slow link, raise client_connect_timeout (milliseconds).",
			timeoutErr, checkEndpoint(timeoutErr.Endpoint, timeoutErr.EndpointSource))
	case errors.As(err, &timeoutErr):
		fmt.Fprintf(&b, "%s got no complete answer within %s: %v\n\nThe endpoint took the request but did not answer in time: "+
			"on a slow link or for a large answer, raise client_read_timeout (milliseconds). %s",
			timeoutErr.Action, timeoutErr.After, timeoutErr.Err, checkEndpoint(timeoutErr.Endpoint, timeoutErr.EndpointSource))
	case failure.Kind == cas.KindUntrustedTLS:
		fmt.Fprintf(&b, "%s\n\nThe endpoint's TLS certificate is not trusted, and the provider never skips certificate verification. "+
			"If a proxy on this network re-signs TLS, add its CA certificate to this machine's trust store (or point SSL_CERT_FILE at it).", err)
	case errors.Is(err, context.Canceled):
		b.WriteString("The read was cancelled before the API answered.")
	case failure.Kind == cas.KindCanceled:
		b.WriteString("The API did not answer in time: " + err.Error() + "\n\nRaise " + timeout + ".")
	case errors.As(err, &netErr) && failure.Kind == cas.KindUnreachable:
		fmt.Fprintf(&b, "%v\n\n%s Is the address right, and is the service running there?", err, checkEndpoint(netErr.Endpoint, netErr.EndpointSource))
	case errors.As(err, &netErr):
		fmt.Fprintf(&b, "%v\n\n%s", err, checkEndpoint(netErr.Endpoint, netErr.EndpointSource))
	default:
		fmt.Fprintf(&b, "%s\n\nCheck the endpoint (endpoints.cas, ALIBABA_CLOUD_ENDPOINT_CAS or CAS_ENDPOINT) and the network path to it.", err)
	}
	if unknown != nil && unsettled == nil {
		b.WriteString("\n\nLook at what is there now before trying again: repeating it blindly could do it twice.")
	}
	if retryErr != nil {
		b.WriteString("\n\n" + retrySummary(retryErr, failure.Kind))
	}
	if plainHTTP {
		b.WriteString("\n\nThe endpoint answered an HTTPS request in plain HTTP. An endpoint without a scheme means HTTPS: " +
			"write http:// in endpoints.cas (or " + envList("endpoints.cas") + ") if the endpoint is plain HTTP.")
	}
	return diag.NewErrorDiagnostic(summary, b.String())
}

// checkEndpoint names the endpoint and the setting that chose it
// (Config.EndpointSource).
func checkEndpoint(endpoint cas.Endpoint, source string) string {
	return fmt.Sprintf("Check the endpoint (%s set it to %s) and the network path to it.", source, endpoint)
}

// credentialHints say what to do when a credential service refuses.
var credentialHints = map[string]string{ //nolint:gosec // advice text naming settings, no credential in it
	"EntityNotExist.Role":                  "No such role: check the role ARN (assume_role.role_arn, assume_role_with_oidc.role_arn, or the profile's ram_role_arn).",
	"NoPermission":                         "The credentials may not assume this role: check the role's trust policy, that the RAM user or role has sts:AssumeRole, and external_id if the role requires one.",
	"InvalidParameter.DurationSeconds":     "session_expiration is longer than the role's maximum session duration (set in the RAM console), or under 900 seconds.",
	"InvalidParameter.RoleSessionName":     "The session name must be 2 to 64 letters, digits and .@_- (session_name or role_session_name).",
	"InvalidParameter.PolicyGrammar":       "The policy is not a valid RAM policy document: check policy in the assume_role or assume_role_with_oidc block.",
	"EntityNotExist.OIDCProvider":          "No such OIDC provider: check assume_role_with_oidc.oidc_provider_arn (or ALIBABA_CLOUD_OIDC_PROVIDER_ARN).",
	"AuthenticationFail.OIDCToken.Invalid": "The OIDC token was refused: check that oidc_token_file (or ALIBABA_CLOUD_OIDC_TOKEN_FILE) holds a current token from that provider.",
	"AuthenticationFail.OIDCToken.Expired": "The OIDC token has expired: the file in oidc_token_file must be kept current (on ACK, RRSA does this).",
}

func (e *credentialError) explain() string {
	detail, code := e.detail()
	var b strings.Builder
	fmt.Fprintf(&b, "The provider could not get credentials from %s:\n%s", e.source, detail)
	hint := credentialHints[code]
	if hint == "" {
		hint = withKeysFrom(hintFor(code), e.fetchedWith)
	}
	if hint != "" {
		fmt.Fprintf(&b, "\n\n%s", hint)
	}
	return b.String()
}

// retrySummary says how often the call was tried, for how long, why the
// provider stopped, and what would help given the last failure's kind.
func retrySummary(e *cas.RetryError, last cas.Kind) string {
	tried := e.Tries()
	switch {
	case errors.Is(e.Reason, cas.ErrUnreachable):
		return fmt.Sprintf("Gave up after %s: nothing answered at the endpoint, and that is tried at most 3 times whatever max_retries says.", tried)
	case errors.Is(e.Reason, cas.ErrRetriesExhausted):
		advice := "If Alibaba Cloud is unavailable for longer, raise max_retries or retry later."
		switch last {
		case cas.KindThrottled:
			advice = "If Alibaba Cloud keeps throttling, raise max_retries, or set max_requests_per_second below the share of the quota other tools leave."
		case cas.KindTimeout:
			advice = "If the service answers this slowly, raise client_read_timeout (milliseconds) or max_retries."
		case cas.KindConnectionLost:
			advice = "Something on the network path keeps cutting the connection: check proxies and firewalls, or raise max_retries."
		}
		return fmt.Sprintf("Gave up after %s (max_retries = %d). %s", tried, e.Attempts-1, advice)
	case errors.Is(e.Reason, context.DeadlineExceeded) && e.Attempts == 0:
		return fmt.Sprintf("The read timed out before its first request could be sent: more reads were queued than "+
			"the rate limit lets through in the data source's read timeout (default %s). Raise max_requests_per_second if it is set, "+
			"or raise the timeout with timeouts { read = \"10m\" } in the data source.", defaultReadTimeoutText)
	case errors.Is(e.Reason, context.DeadlineExceeded):
		return fmt.Sprintf("The read timed out after %s: the data source's read timeout (default %s) was reached, or would be "+
			"before the next retry. Raise it with timeouts { read = \"10m\" } in the data source.", tried, defaultReadTimeoutText)
	case errors.Is(e.Reason, context.Canceled):
		return fmt.Sprintf("The read was cancelled (for example by Ctrl-C) after %s.", tried)
	}
	return fmt.Sprintf("Stopped after %s: this error cannot pass by retrying.", tried)
}

func orUnknown(s string) string {
	if s == "" {
		return "(none returned)"
	}
	return s
}
