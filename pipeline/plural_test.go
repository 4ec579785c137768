package pipeline

import "testing"

func TestPlural(t *testing.T) {
	for _, c := range []struct {
		f    string
		args []any
		want string
	}{
		{"%d {fil|filer}, %d {rad|rader}", []any{1, 2}, "1 fil, 2 rader"},
		{"%d {fil|filer}, %d {rad|rader}", []any{3, int64(1)}, "3 filer, 1 rad"},
		{"%[2]d {verdi|verdier} av %[1]d", []any{5, 1}, "1 verdi av 5"},
		{"100 %% {a|b} %d", []any{1}, "100 % b 1"},
		{"ingen {klammer} her %d", []any{1}, "ingen {klammer} her 1"},
	} {
		if got := Plural(c.f, c.args...); got != c.want {
			t.Errorf("Plural(%q, %v) = %q, want %q", c.f, c.args, got, c.want)
		}
	}
}
