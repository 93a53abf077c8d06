package cas

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
)

// AccountContact is someone CAS can notify, as ListContact lists them. Email
// and Mobile come back masked. A nil field was absent from the answer.
type AccountContact struct {
	OddValues
	ContactID      *Int64      `json:"ContactId"`
	Name           *String     `json:"Name"`
	Email          *String     `json:"Email"`
	EmailVerified  *Bool       `json:"EmailStatus"` // sent as 1/0
	Mobile         *String     `json:"Mobile"`
	MobileVerified *Bool       `json:"MobileStatus"`
	Webhooks       JSONStrings `json:"Webhooks"`    // a JSON array in a string
	WebhookList    []String    `json:"WebhookList"` // the same, as a list (later SDK models only)
}

// WebhookURLs are the contact's webhooks: WebhookList when the answer has
// it, else Webhooks; nil when neither says.
func (c *AccountContact) WebhookURLs() []String {
	if c.WebhookList != nil {
		return c.WebhookList
	}
	return c.Webhooks
}

// JSONStrings is a list of strings sent as JSON text in a string, as
// ListContact's Webhooks: "[\"https://...\"]". Text that is not such a
// list does not decode (an odd value); "" leaves it absent.
type JSONStrings []String

func (l *JSONStrings) UnmarshalJSON(b []byte) error {
	var s String
	if err := s.UnmarshalJSON(b); err != nil {
		return err
	}
	list := []String{}
	if err := json.Unmarshal([]byte(strings.TrimSpace(string(s))), &list); err != nil || list == nil {
		return fmt.Errorf("want a JSON array of strings in a string, got %s", clip(b))
	}
	*l = list
	return nil
}

// ListContactsResponse is every contact ListContact lists for a keyword.
type ListContactsResponse struct {
	Contacts []AccountContact // in the API's order, each once, never nil
	Pages    int
}

type listContactBody struct {
	envelope
	ContactList json.RawMessage `json:"ContactList"`
	TotalCount  *Int64          `json:"TotalCount"`
}

// ListContacts returns every contact matching keyword (part of a name,
// email or mobile; empty: all), walking ListContact's pages.
func (c *Client) ListContacts(ctx context.Context, keyword string) (*ListContactsResponse, error) {
	const action = "ListContact"
	query := map[string]string{}
	if keyword != "" {
		query["Keyword"] = keyword
	}
	fetch := func(ctx context.Context, number int) (page[AccountContact], error) {
		var body listContactBody
		raw, err := c.call(ctx, action, request{query: pageQuery(query, number)}, &body)
		if err != nil {
			return page[AccountContact]{}, err
		}
		items, err := decodeList[AccountContact](action, raw, "ContactList", body.ContactList, body.RequestID)
		if err == nil {
			err = requireIDs(action, raw, string(body.RequestID), number, "ContactList", "ContactId", items, func(c AccountContact) *Int64 { return c.ContactID })
		}
		if err != nil {
			return page[AccountContact]{}, err
		}
		return page[AccountContact]{items: items, total: body.TotalCount, requestID: string(body.RequestID)}, nil
	}
	contacts, pages, err := walkPages(ctx, action, fetch, func(c AccountContact) int64 { return int64(*c.ContactID) })
	if err != nil {
		return nil, err
	}
	return &ListContactsResponse{Contacts: contacts, Pages: pages}, nil
}
