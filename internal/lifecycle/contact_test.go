package lifecycle_test

import (
	"context"
	"errors"
	"testing"

	"github.com/alicas/terraform-provider-alicas/internal/cas"
	"github.com/alicas/terraform-provider-alicas/internal/lifecycle"
)

var opsContact = lifecycle.ContactSpec{Name: "platform-ops", Mobile: "13512345678", Email: "platform.ops@example.com",
	Webhooks: []string{"https://oapi.dingtalk.com/robot/send?access_token=ops"}}

// contactsNamed are the IDs of the account's contacts with this name.
func (e *env) contactsNamed(name string) []int64 {
	e.t.Helper()
	list, err := e.check.ListContact(context.Background(), name)
	if err != nil {
		e.t.Fatalf("listing contacts: %v", err)
	}
	var ids []int64
	for _, c := range list.Contacts {
		if c.Name.Value() == name {
			ids = append(ids, c.ContactID.Value())
		}
	}
	return ids
}

// A CreateContact whose answer is lost is settled by finding the contact
// by name: one contact, sent once.
func TestCreateContact_answerLost(t *testing.T) {
	t.Parallel()
	e := newEnv(t, dropAfter("CreateContact"))
	id, err := e.engine.CreateContact(context.Background(), opsContact)
	if err != nil {
		t.Fatal(err)
	}
	if ids := e.contactsNamed(opsContact.Name); len(ids) != 1 || ids[0] != id {
		t.Fatalf("contacts named %s: %v; want %d alone", opsContact.Name, ids, id)
	}
	if n := e.sent.count("CreateContact"); n != 1 {
		t.Errorf("CreateContact sent %d times; want once", n)
	}
}

// A name another contact has is refused before anything is sent, naming it.
func TestCreateContact_nameTaken(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	_, err := e.engine.CreateContact(context.Background(), lifecycle.ContactSpec{Name: "Li Wei", Mobile: "13512345678"})
	var taken *lifecycle.ContactNameTakenError
	if !errors.As(err, &taken) || taken.ContactID != contactLiWei {
		t.Fatalf("err = %v; want a ContactNameTakenError naming %d", err, contactLiWei)
	}
	if n := e.sent.count("CreateContact"); n != 0 {
		t.Errorf("CreateContact sent %d times; want none", n)
	}
}

// An UpdateContact whose answer is lost is settled by reading the
// contact back; a lost DeleteContact by finding it gone.
func TestUpdateAndDeleteContact_answersLost(t *testing.T) {
	t.Parallel()
	e := newEnv(t, dropAfter("UpdateContact"), dropAfter("DeleteContact"))
	ctx := context.Background()
	id, err := e.engine.CreateContact(ctx, opsContact)
	if err != nil {
		t.Fatal(err)
	}
	renamed := opsContact
	renamed.Name = "platform-ops-renamed"
	if err := e.engine.UpdateContact(ctx, id, renamed); err != nil {
		t.Fatal(err)
	}
	got, err := e.check.GetContact(ctx, id)
	if err != nil || !lifecycle.ContactIs(got, renamed) {
		t.Fatalf("after the update: %+v, %v", got, err)
	}
	if n := e.sent.count("UpdateContact"); n != 1 {
		t.Errorf("UpdateContact sent %d times; want once", n)
	}
	if err := e.engine.DeleteContact(ctx, id); err != nil {
		t.Fatal(err)
	}
	if _, err := e.check.GetContact(ctx, id); cas.Classify(err).Kind != cas.KindNotFound {
		t.Fatalf("the deleted contact: %v; want not found", err)
	}
	if err := e.engine.DeleteContact(ctx, id); err != nil {
		t.Errorf("deleting it again: %v; want no error, it is gone", err)
	}
}

// A contact a job notifies cannot be deleted: the refusal says in use.
func TestDeleteContact_inUse(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	id, err := e.engine.CreateContact(ctx, opsContact)
	if err != nil {
		t.Fatal(err)
	}
	s := spec("notifies", certShop, resWAFShop)
	s.ContactIDs = []int64{id}
	e.draft(s)
	if err := e.engine.DeleteContact(ctx, id); !cas.InUse(err) {
		t.Fatalf("deleting a contact a job notifies: %v; want refused as in use", err)
	}
}
