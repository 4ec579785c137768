package pipeline

import (
	"fmt"
	"strconv"
	"strings"
)

// Plural formats f with args as fmt.Sprintf does, after choosing in each
// «{one|many}» the form for the number of the verb before it: «%d
// {fil|filer}» is «1 fil», «2 filer». A verb with an explicit index
// («%[2]d») counts as that argument.
func Plural(f string, args ...any) string {
	if !strings.Contains(f, "{") {
		return fmt.Sprintf(f, args...)
	}
	var b strings.Builder
	arg := -1 // the argument of the last verb
	for i := 0; i < len(f); i++ {
		c := f[i]
		switch {
		case c == '%' && i+1 < len(f) && f[i+1] == '%':
			b.WriteString("%%")
			i++
		case c == '%':
			arg++
			if i+1 < len(f) && f[i+1] == '[' {
				if end := strings.IndexByte(f[i:], ']'); end > 0 {
					if n, err := strconv.Atoi(f[i+2 : i+end]); err == nil {
						arg = n - 1
					}
				}
			}
			b.WriteByte(c)
		case c == '{':
			end := strings.IndexByte(f[i:], '}')
			bar := -1
			if end > 0 {
				bar = strings.IndexByte(f[i:i+end], '|')
			}
			if bar < 0 {
				b.WriteByte(c)
				continue
			}
			form := f[i+bar+1 : i+end]
			if arg >= 0 && arg < len(args) && isOne(args[arg]) {
				form = f[i+1 : i+bar]
			}
			b.WriteString(form)
			i += end
		default:
			b.WriteByte(c)
		}
	}
	return fmt.Sprintf(b.String(), args...)
}

// isOne tells whether v is the whole number 1.
func isOne(v any) bool {
	switch n := v.(type) {
	case int:
		return n == 1
	case int64:
		return n == 1
	case int32:
		return n == 1
	case uint64:
		return n == 1
	}
	return false
}
