package e2e_test

import (
	"context"
	"io"
	"mime"
	"mime/multipart"
	"net/mail"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"mais/internal/app"
	"mais/internal/app/apptest"
	"mais/internal/booking"
	"mais/internal/browsertest"
	"mais/internal/catalog"
	"mais/internal/tenant"
)

// moneyShop is a photographer who takes a 30 % deposit.
type moneyShop struct {
	a       *app.App
	base    string
	tenant  tenant.Tenant
	dataDir string
	pkg     catalog.Package
}

func startMoneyShop(t *testing.T, kind string) *moneyShop {
	t.Helper()
	dataDir := t.TempDir()
	a, base, port, created := newWillowApp(t, kind, apptest.Env{"MAIS_DATA_DIR": dataDir})
	ctx := context.Background()
	pct := 30
	if _, err := a.Tenants.UpdateSettings(ctx, created.Tenant.ID, tenant.SettingsPatch{DepositPercent: &pct}); err != nil {
		t.Fatal(err)
	}
	tn, err := a.Tenants.ByID(ctx, created.Tenant.ID)
	if err != nil {
		t.Fatal(err)
	}
	p, err := a.Store.CreatePackage(ctx, catalog.Package{TenantID: tn.ID, Slug: "classic-wedding", Name: "Classic Wedding",
		Description: "Eight hours from getting ready to the first dance, and 600 edited images.", BasePriceCents: 420000, Active: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Start(ctx, "127.0.0.1:"+strconv.Itoa(port)); err != nil {
		t.Fatal(err)
	}
	return &moneyShop{a: a, base: base, tenant: tn, dataDir: dataDir, pkg: p}
}

// letterTo delivers the outbox and returns the text and HTML of the
// newest e-mail file whose subject contains subject.
func (s *moneyShop) letterTo(t *testing.T, subject string) (text, html string) {
	t.Helper()
	// The app's own outbox worker may hold the e-mail's lease while it
	// sends (SKIP LOCKED passes it over here), so the file can appear a
	// moment after DeliverDue returns: look again until it does (CI:
	// "no e-mail about reserved among 0 files" on PostgreSQL).
	deadline := time.Now().Add(15 * time.Second)
	for {
		if text, html, ok := s.findLetter(t, subject); ok {
			return text, html
		}
		if time.Now().After(deadline) {
			files, _ := filepath.Glob(filepath.Join(s.dataDir, "emails", "*.eml"))
			t.Fatalf("no e-mail about %q among %d files", subject, len(files))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// findLetter delivers what is due and looks for the newest e-mail whose
// subject holds subject.
func (s *moneyShop) findLetter(t *testing.T, subject string) (text, html string, ok bool) {
	t.Helper()
	s.a.Outbox.DeliverDue(context.Background())
	files, _ := filepath.Glob(filepath.Join(s.dataDir, "emails", "*.eml"))
	for i := len(files) - 1; i >= 0; i-- {
		f, err := os.Open(files[i])
		if err != nil {
			t.Fatal(err)
		}
		msg, err := mail.ReadMessage(f)
		if err != nil {
			t.Fatal(err)
		}
		subj, _ := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
		if strings.Contains(subj, subject) {
			text, html = readParts(t, msg.Header.Get("Content-Type"), msg.Body)
			f.Close()
			return text, html, true
		}
		f.Close()
	}
	return "", "", false
}

// readParts finds the text/plain and text/html parts, however nested.
func readParts(t *testing.T, ctype string, body io.Reader) (text, html string) {
	t.Helper()
	mt, params, err := mime.ParseMediaType(ctype)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(mt, "multipart/") {
		b, _ := io.ReadAll(body)
		if mt == "text/html" {
			return "", string(b)
		}
		return string(b), ""
	}
	mr := multipart.NewReader(body, params["boundary"])
	for {
		p, err := mr.NextPart()
		if err != nil {
			return text, html
		}
		tx, h := readParts(t, p.Header.Get("Content-Type"), p)
		if tx != "" && text == "" {
			text = tx
		}
		if h != "" && html == "" {
			html = h
		}
	}
}

var manageLink = regexp.MustCompile(`http://127\.0\.0\.1:\d+/b/[A-Za-z0-9_.-]+`)

// A couple books with a deposit on the site, opens the manage link from
// the confirmation e-mail, pays the balance, moves the date and cancels
// with the refund shown first; the business refunds a CONFLICT booking in
// one click. Screenshots at phone and desktop widths, and the
// confirmation e-mail as a mail client would show it.
func TestDepositAndManageInBrowser(t *testing.T) {
	browsertest.Chromium(t)
	for _, kind := range []string{"sqlite", "postgres"} {
		t.Run(kind, func(t *testing.T) {
			s := startMoneyShop(t, kind)
			shots := browsertest.ScreenshotDir(t)
			prefix := func(name string) string {
				if kind == "sqlite" {
					return name
				}
				return "pg-" + name
			}
			browser := browsertest.New(t, 4*time.Minute, chromedp.NoDefaultBrowserCheck,
				chromedp.Flag("disable-dev-shm-usage", true), chromedp.WindowSize(1280, 800))
			ctx, cancel := chromedp.NewContext(browser)
			defer cancel()

			// Book five months ahead: a deposit now, the balance 30 days before.
			now := s.a.Now().In(s.tenant.Location())
			month := time.Date(now.Year(), now.Month()+5, 1, 0, 0, 0, 0, time.UTC)
			date := month.AddDate(0, 0, 12).Format(time.DateOnly)
			must(t, chromedp.Do(ctx, setViewport(desktop),
				chromedp.Navigate(s.base+"/t/willow/services/classic-wedding?month="+month.Format("2006-01")),
				chromedp.WaitVisible(chromedp.CSS("[data-booking-form]")),
				chromedp.Click(chromedp.CSS(dateInput(date))),
				chromedp.SendKeys(chromedp.CSS("#f-name"), "Sam & Alex Rivera"),
				chromedp.SendKeys(chromedp.CSS("#f-email"), "sam@example.com"),
				chromedp.Click(chromedp.CSS(`button[type=submit]`)),
				chromedp.WaitVisible(chromedp.CSS(".button-pay")),
				chromedp.Click(chromedp.CSS(".button-pay")),
				chromedp.WaitVisible(chromedp.CSS(".result-card")),
			))
			bs, err := s.a.Store.ListBookings(context.Background(), s.tenant.ID, booking.ListFilter{})
			must(t, err)
			if len(bs) != 1 || bs[0].Status != booking.StatusDepositPaid || bs[0].PaidCents != 126000 {
				t.Fatalf("after the deposit: %+v", bs)
			}
			b := bs[0]

			// The confirmation e-mail: the manage link, and how it looks.
			text, html := s.letterTo(t, "reserved")
			link := manageLink.FindString(text)
			if link == "" || !strings.Contains(html, link) {
				t.Fatalf("no manage link in the confirmation:\n%s", text)
			}
			emailFile := filepath.Join(t.TempDir(), "confirmation.html")
			must(t, os.WriteFile(emailFile, []byte(html), 0o644))
			must(t, chromedp.Do(ctx, chromedp.Navigate("file://"+emailFile), chromedp.WaitVisible(chromedp.CSS("table"))))
			shoot(t, ctx, shots, prefix("email-confirmation"))

			// The manage page.
			must(t, chromedp.Do(ctx, chromedp.Navigate(link), chromedp.WaitVisible(chromedp.CSS(".manage-card"))))
			waitText(t, ctx, ".manage-ref", booking.Ref(b.ID))
			waitText(t, ctx, ".manage-status", "Reserved: deposit paid")
			waitText(t, ctx, ".manage-actions", "Pay the balance of $2,940.00")
			shoot(t, ctx, shots, prefix("manage"))

			// Pay the balance on the (mock) payment page.
			must(t, chromedp.Do(ctx,
				chromedp.Click(chromedp.CSS(`form[action$="/pay"] button`)),
				chromedp.WaitVisible(chromedp.CSS(".button-pay")),
				chromedp.Click(chromedp.CSS(".button-pay")),
				chromedp.WaitVisible(chromedp.CSS(".result-card")),
				chromedp.Navigate(link), chromedp.WaitVisible(chromedp.CSS(".manage-card"))))
			waitText(t, ctx, ".manage-status", "Booked and paid in full")

			// Move the date with the month calendar.
			newDate := addDays(date, 7)
			must(t, chromedp.Do(ctx,
				chromedp.Click(chromedp.CSS(`a[href$="?step=move"]`)),
				chromedp.WaitVisible(chromedp.CSS(".calendar")),
				chromedp.Click(chromedp.CSS(dateInput(newDate)))))
			shoot(t, ctx, shots, prefix("manage-move"))
			must(t, chromedp.Do(ctx,
				chromedp.Click(chromedp.CSS(`form[action$="/move"] button[type=submit]`)),
				chromedp.WaitVisible(chromedp.CSS(".manage-notice"))))
			waitText(t, ctx, ".manage-date", longDate(newDate))

			// Cancel: the refund is shown before the button.
			must(t, chromedp.Do(ctx,
				chromedp.Click(chromedp.CSS(`a[href$="?step=cancel"]`)),
				chromedp.WaitVisible(chromedp.CSS(".manage-refund"))))
			waitText(t, ctx, ".manage-refund", "$4,200.00")
			shoot(t, ctx, shots, prefix("manage-cancel"))
			must(t, chromedp.Do(ctx,
				chromedp.Click(chromedp.CSS(`form[action$="/cancel"] button[type=submit]`)),
				chromedp.WaitVisible(chromedp.CSS(".manage-notice"))))
			waitText(t, ctx, ".manage-status", "Canceled")
			waitText(t, ctx, ".manage-order", "Refunded")
			shoot(t, ctx, shots, prefix("manage-canceled"))

			// The business refunds a payment that lost its date.
			late := date
			in := booking.CheckoutInput{PackageID: s.pkg.ID, Date: late}
			in.Customer.Name, in.Customer.Email = "Jo Late", "jo@example.com"
			res, err := s.a.Booking.Checkout(context.Background(), s.tenant, in)
			must(t, err)
			_, err = s.a.Booking.CreateBlackout(context.Background(), s.tenant.ID, late, "studio closed")
			must(t, err)
			conflict, _, err := s.a.Booking.PayMock(context.Background(), res.SessionID)
			must(t, err)
			if conflict.Status != booking.StatusConflict {
				t.Fatalf("late payment: %s", conflict.Status)
			}
			must(t, chromedp.Do(ctx,
				chromedp.Navigate(s.base+"/admin/login"), chromedp.WaitVisible(chromedp.ID("f-email")),
				chromedp.SendKeys(chromedp.ID("f-email"), "owner@willow.example"),
				chromedp.SendKeys(chromedp.ID("f-password"), "correct horse battery"),
				chromedp.Click(chromedp.CSS("button[type=submit]"))))
			waitText(t, ctx, "h1", "Overview")
			must(t, chromedp.Do(ctx,
				chromedp.Navigate(s.base+"/admin/bookings/"+conflict.ID),
				chromedp.WaitVisible(chromedp.CSS(".money-card"))))
			shoot(t, ctx, shots, prefix("dashboard-conflict"))
			must(t, chromedp.Do(ctx,
				chromedp.Click(chromedp.CSS(`.money-card form[action$="/refund"] button`)),
				chromedp.WaitVisible(chromedp.CSS(".flash"))))
			waitText(t, ctx, ".flash", "Refunded $1,260.00")
			shoot(t, ctx, shots, prefix("dashboard-refunded"))
			must(t, chromedp.Do(ctx, chromedp.Navigate(s.base+"/admin"), chromedp.WaitVisible(chromedp.CSS(".stats"))))
			shoot(t, ctx, shots, prefix("dashboard-overview-money"))
			must(t, chromedp.Do(ctx, chromedp.Navigate(s.base+"/admin/emails"), chromedp.WaitVisible(chromedp.CSS(".email-frame"))))
			shoot(t, ctx, shots, prefix("dashboard-emails"))
			must(t, chromedp.Do(ctx, chromedp.Navigate(s.base+"/admin/settings"), chromedp.WaitVisible(chromedp.CSS(".settings-form"))))
			shoot(t, ctx, shots, prefix("dashboard-settings"))
			got, err := s.a.Booking.Booking(context.Background(), s.tenant.ID, conflict.ID)
			must(t, err)
			if got.RefundedCents != got.PaidCents || got.PaidCents == 0 {
				t.Errorf("conflict after the refund: paid %d refunded %d", got.PaidCents, got.RefundedCents)
			}
		})
	}
}
