package cas

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
)

// A contact's life: CreateContact, GetContact, UpdateContact, DeleteContact
// (CAS 3.2.10). How each write is retried: retry.go.

// ContactRequest is a contact as CreateContact and UpdateContact take it.
// UpdateContact replaces the contact with it: every field is sent, an
// empty Email or no Webhooks included.
type ContactRequest struct {
	Name, Mobile, Email string
	Webhooks            []string // chatbot URLs (DingTalk, WeCom, Lark)
}

func (r ContactRequest) query() map[string]string {
	hooks := r.Webhooks
	if hooks == nil {
		hooks = []string{}
	}
	webhooks, _ := json.Marshal(hooks) // strings always marshal
	return map[string]string{"Name": r.Name, "Mobile": r.Mobile, "Email": r.Email, "Webhooks": string(webhooks)}
}

// CreateContact creates a contact and returns its ID.
func (c *Client) CreateContact(ctx context.Context, req ContactRequest) (int64, error) {
	var body struct {
		envelope
		ContactID *Int64 `json:"ContactId"`
	}
	raw, err := c.call(ctx, "CreateContact", request{query: req.query()}, &body)
	if err != nil {
		return 0, err
	}
	if body.ContactID == nil {
		return 0, &ResponseError{Action: "CreateContact", StatusCode: raw.status, RequestID: string(body.RequestID),
			Reason: "the answer has no ContactId"}
	}
	return int64(*body.ContactID), nil
}

// GetContact reads one contact. Email and Mobile come masked
// (tes****1@example.com, 139****8888): MaskedMatches compares them.
func (c *Client) GetContact(ctx context.Context, contactID int64) (*AccountContact, error) {
	var body struct {
		envelope
		AccountContact
	}
	raw, err := c.call(ctx, "GetContact", request{query: contactQuery(contactID)}, &body)
	if err != nil {
		return nil, err
	}
	if body.ContactID == nil {
		return nil, &ResponseError{Action: "GetContact", StatusCode: raw.status, RequestID: string(body.RequestID),
			Reason: "the answer has no ContactId"}
	}
	return &body.AccountContact, nil
}

// UpdateContact replaces every field of a contact with req.
func (c *Client) UpdateContact(ctx context.Context, contactID int64, req ContactRequest) error {
	query := req.query()
	query["ContactId"] = strconv.FormatInt(contactID, 10)
	return c.write(ctx, "UpdateContact", query)
}

// DeleteContact deletes a contact.
func (c *Client) DeleteContact(ctx context.Context, contactID int64) error {
	return c.write(ctx, "DeleteContact", contactQuery(contactID))
}

func contactQuery(contactID int64) map[string]string {
	return map[string]string{"ContactId": strconv.FormatInt(contactID, 10)}
}

// MaskedMatches reports whether masked, a value as GetContact or
// ListCloudAccess shows it (stars hiding its middle), can be plain: the
// same where not hidden. A value without stars must equal plain.
func MaskedMatches(masked, plain string) bool {
	first, last := strings.IndexByte(masked, '*'), strings.LastIndexByte(masked, '*')
	if first < 0 {
		return masked == plain
	}
	prefix, suffix := masked[:first], masked[last+1:]
	return len(plain) >= len(prefix)+len(suffix) && strings.HasPrefix(plain, prefix) && strings.HasSuffix(plain, suffix)
}
