package lifecycle

import (
	"context"
	"fmt"
	"slices"

	"github.com/alicas/terraform-provider-alicas/internal/cas"
)

// Contacts: created once (found by name, which CAS keeps unique), replaced
// whole by UpdateContact, deleted.

// ContactSpec is a contact as CreateContact and UpdateContact take it.
type ContactSpec = cas.ContactRequest

// ContactNameTakenError is a contact to create whose name another contact
// already has.
type ContactNameTakenError struct {
	Name      string
	ContactID int64
}

func (e *ContactNameTakenError) Error() string {
	return fmt.Sprintf("contact %d is already named %q", e.ContactID, e.Name)
}

// CreateContact creates the contact once and returns its ID. A contact of
// that name existing before is a *ContactNameTakenError; one found after a
// lost answer is this one.
func (e *Engine) CreateContact(ctx context.Context, spec ContactSpec) (int64, error) {
	existing, err := e.FindContact(ctx, spec.Name)
	switch {
	case err != nil:
		return 0, err
	case existing != 0:
		return 0, &ContactNameTakenError{Name: spec.Name, ContactID: existing}
	}
	return once(ctx, e, write[int64]{
		action: "CreateContact",
		do:     func(ctx context.Context) (int64, error) { return e.client.CreateContact(ctx, spec) },
		look: func(ctx context.Context) (int64, bool, error) {
			id, err := e.FindContact(ctx, spec.Name)
			return id, id != 0, err
		},
	})
}

// FindContact is the ID of the contact named name, 0 when there is none.
func (e *Engine) FindContact(ctx context.Context, name string) (int64, error) {
	list, err := e.client.ListContact(ctx, name)
	if err != nil {
		return 0, err
	}
	for _, c := range list.Contacts {
		if c.Name.Value() == name {
			return c.ContactID.Value(), nil
		}
	}
	return 0, nil
}

// UpdateContact replaces every field of the contact with spec. A lost
// answer is settled by reading the contact back: its name and webhooks
// must be spec's, and its masked email and mobile may be. (Sending the
// same update again would do no harm: it sets, it does not add.)
func (e *Engine) UpdateContact(ctx context.Context, contactID int64, spec ContactSpec) error {
	_, err := once(ctx, e, write[struct{}]{
		action: "UpdateContact",
		do: func(ctx context.Context) (struct{}, error) {
			return struct{}{}, e.client.UpdateContact(ctx, contactID, spec)
		},
		look: func(ctx context.Context) (struct{}, bool, error) {
			got, err := e.client.GetContact(ctx, contactID)
			if err != nil {
				return struct{}{}, false, contactGone(contactID, err)
			}
			return struct{}{}, ContactIs(got, spec), nil
		},
	})
	return err
}

// ContactIs reports whether the contact, as GetContact shows it, can be
// spec: the same name and webhooks, an email and mobile whose masked form
// fits spec's.
func ContactIs(got *cas.AccountContact, spec ContactSpec) bool {
	hooks := make([]string, 0, len(got.WebhookURLs()))
	for _, h := range got.WebhookURLs() {
		hooks = append(hooks, string(h))
	}
	return got.Name.Value() == spec.Name && slices.Equal(hooks, append([]string{}, spec.Webhooks...)) &&
		cas.MaskedMatches(got.Email.Value(), spec.Email) && cas.MaskedMatches(got.Mobile.Value(), spec.Mobile)
}

// DeleteContact deletes a contact once; one already gone is no error.
func (e *Engine) DeleteContact(ctx context.Context, contactID int64) error {
	return deleteOnce(ctx, e, "DeleteContact",
		func(ctx context.Context) error { return e.client.DeleteContact(ctx, contactID) },
		func(ctx context.Context) error {
			_, err := e.client.GetContact(ctx, contactID)
			return err
		})
}

func contactGone(contactID int64, err error) error {
	if Gone(err) {
		return &GoneError{What: fmt.Sprintf("contact %d", contactID), Err: err}
	}
	return err
}
