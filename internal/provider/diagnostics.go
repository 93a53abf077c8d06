package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/alicas/terraform-provider-alicas/internal/cas"
)

// hints say what to do about the API error codes a user can fix.
var hints = map[string]string{
	"InvalidAccessKeyId.NotFound":                "Alibaba Cloud does not know this AccessKey ID: check access_key (or ALICLOUD_ACCESS_KEY) and that the key is enabled in the RAM console.",
	"InvalidAccessKeyId.Inactive":                "This AccessKey is disabled: enable it in the RAM console or use another key.",
	"SignatureDoesNotMatch":                      "The request signature did not match: secret_key (or ALICLOUD_SECRET_KEY) is not the secret of access_key. Check it for a typo or truncation.",
	"IncompleteSignature":                        "The request signature was incomplete: check that access_key and secret_key are both set and contain no stray spaces.",
	"InvalidTimeStamp.Expired":                   "This machine's clock is more than 15 minutes off Alibaba Cloud's: synchronise it (NTP) and retry.",
	"SignatureNonceUsed":                         "A request was replayed (its nonce was seen before); retry. If it repeats, a proxy may be resending requests.",
	"InvalidSecurityToken.Expired":               "The STS token has expired: get fresh temporary credentials and update security_token (or ALICLOUD_SECURITY_TOKEN).",
	"InvalidSecurityToken.Malformed":             "The STS token is not valid for this AccessKey: check security_token (or ALICLOUD_SECURITY_TOKEN), or unset it for a permanent AccessKey.",
	"InvalidSecurityToken.MismatchWithAccessKey": "security_token belongs to another AccessKey: set the access_key, secret_key and security_token of the same STS credential.",
	"Forbidden.RAM":                              "The RAM user or role lacks permission: grant it the CAS read actions (e.g. the AliyunYundunCertReadOnlyAccess policy).",
	"Forbidden":                                  "The RAM user or role lacks permission: grant it the CAS read actions (e.g. the AliyunYundunCertReadOnlyAccess policy).",
	"Throttling":                                 "Alibaba Cloud is rate-limiting this account: retry later, or read fewer data sources at once (terraform -parallelism=N).",
	"Throttling.User":                            "Alibaba Cloud is rate-limiting this account: retry later, or read fewer data sources at once (terraform -parallelism=N).",
	"Throttling.Api":                             "Alibaba Cloud is rate-limiting this operation: retry later, or read fewer data sources at once (terraform -parallelism=N).",
}

// apiErrorDiagnostic turns an API client error into one diagnostic that says
// what failed, the API's Code, Message and RequestId, and what to do.
func apiErrorDiagnostic(summary string, err error) diag.Diagnostic {
	var apiErr *cas.APIError
	var respErr *cas.ResponseError
	var b strings.Builder
	switch {
	case errors.As(err, &apiErr):
		fmt.Fprintf(&b, "%s answered HTTP %d with Code %s", apiErr.Action, apiErr.StatusCode, apiErr.Code)
		if apiErr.Message != "" {
			fmt.Fprintf(&b, ": %s", apiErr.Message)
		}
		fmt.Fprintf(&b, "\nRequestId: %s", orUnknown(apiErr.RequestID))
		if hint := hints[apiErr.Code]; hint != "" {
			fmt.Fprintf(&b, "\n\n%s", hint)
		}
		if apiErr.Recommend != "" {
			fmt.Fprintf(&b, "\nDiagnosis: %s", apiErr.Recommend)
		}
	case errors.As(err, &respErr):
		fmt.Fprintf(&b, "%s gave an answer the provider cannot use (HTTP %d): %s\nRequestId: %s\n\n"+
			"Nothing was written to state. If this repeats, report it with the RequestId.",
			respErr.Action, respErr.StatusCode, respErr.Reason, orUnknown(respErr.RequestID))
	case errors.Is(err, context.Canceled):
		b.WriteString("The read was cancelled before the API answered.")
	case errors.Is(err, context.DeadlineExceeded):
		b.WriteString("The API did not answer in time: " + err.Error())
	default:
		fmt.Fprintf(&b, "%s\n\nCheck the endpoint (endpoints.cas or ALIBABA_CLOUD_ENDPOINT_CAS) and the network path to it.", err)
	}
	return diag.NewErrorDiagnostic(summary, b.String())
}

func orUnknown(s string) string {
	if s == "" {
		return "(none returned)"
	}
	return s
}
