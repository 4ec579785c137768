package reports

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"kulturrapport/config"
	"kulturrapport/pipeline"
	"kulturrapport/reports/internal/i18n"
)

// The board's summary («Styresammendrag»): each goal's status with its key
// number and trend, the indicators that need attention with one sentence
// each, and the latest comments. The HTML report opens with it and the
// workbook's first sheet holds it; run.json has the same goals.

// boardGoal is one goal's line of the board summary.
type boardGoal struct {
	Code, Name, Region  string
	Anchor              string // the goal's section in the page
	Status              pipeline.Status
	Word, Symbol, Class string
	// Key is the goal's first indicator: its name, value and change over
	// the year, with the change's arrow.
	KeyName, KeyValue, KeyChange, Arrow string
	KeyBase                             string // change since the base year
	// Better is «bedre» or «verre» for the change over the year, by the
	// indicator's direction; Trend its class (green, red or none).
	Better, Trend string
	Attention     int
}

// boardAttention is one indicator that needs attention, with its reason.
type boardAttention struct {
	Goal, Anchor, Indicator, Name, Reason string
	Symbol, Class                         string
}

// boardView is the board summary of a run.
type boardView struct {
	// Rule says how a goal's status is rolled up, and whether the targets
	// are examples.
	Rule      string
	Goals     []boardGoal
	Attention []boardAttention
	// BaseYear is the strategy's base year the key figures are compared
	// with (0: none).
	BaseYear int
	// Comments are this month's comments, the first line of each, in the
	// order of the goals.
	Comments []commentView
}

// goalSummary is a goal of run.json: the pipeline's, with each attention
// entry's reason in words.
type goalSummary struct {
	Code       string             `json:"code"`
	Status     pipeline.Status    `json:"status"`
	Indicators []string           `json:"indicators"`
	Attention  []attentionSummary `json:"attention"`
}

type attentionSummary struct {
	pipeline.Attention
	Reason string `json:"reason"`
}

func boardViewOf(res *pipeline.Result) *boardView {
	lang := res.Lang
	inds := map[string]*pipeline.IndicatorResult{}
	for _, ind := range res.Indicators {
		inds[ind.ID] = ind
	}
	goals := map[string]config.Goal{}
	for _, a := range res.Config.Areas {
		for _, g := range a.Goals {
			goals[g.Code] = g
		}
	}
	v := &boardView{BaseYear: res.Config.BaseYear, Rule: i18n.T(lang, "board.rule.worst")}
	if res.Config.GoalStatus == "majority" {
		v.Rule = i18n.T(lang, "board.rule.majority")
	}
	if res.Config.ExampleTargets {
		v.Rule += " " + i18n.T(lang, "targets.examples")
	}
	comments := commentsBySubject(res)
	for _, gr := range res.Goals {
		g := goals[gr.Code]
		anchor := "mal-" + gr.Code
		if gr.Code == config.MissionGoal {
			g, anchor = config.Goal{Code: gr.Code, Short: res.Config.Mission.Name}, "visjon"
		}
		word, sym, class := i18n.StatusInfo(lang, gr.Status)
		bg := boardGoal{Code: gr.Code, Name: g.Short, Region: g.Region, Anchor: anchor, Status: gr.Status, Word: word, Symbol: sym, Class: class,
			KeyValue: "–", KeyChange: "–", KeyBase: "–", Attention: len(gr.Attention)}
		if gr.Code == config.MissionGoal {
			bg.Code = i18n.T(lang, "board.mission")
		}
		if bg.Name == "" {
			bg.Name = g.Name
		}
		if strings.Contains(bg.Name, "("+g.Region+")") {
			bg.Region = "" // the short name says it already
		}
		if len(gr.Indicators) > 0 {
			ind := inds[gr.Indicators[0]]
			bg.KeyName = ind.Def.Name
			bg.KeyValue = i18n.FormatValue(lang, ind.Value, ind.Def.Decimals, ind.Def.Unit)
			bg.KeyChange = i18n.FormatChange(lang, ind.ChangeYear, ind.Def.Decimals, ind.Def.Unit)
			bg.Arrow = i18n.Arrow(ind)
			bg.Better = i18n.Better(lang, ind)
			bg.Trend = map[int]string{1: "green", -1: "red"}[i18n.Direction(ind)]
			if ind.BaseYear == res.Config.BaseYear {
				bg.KeyBase = i18n.FormatChange(lang, ind.ChangeBase, ind.Def.Decimals, ind.Def.Unit)
			}
		}
		v.Goals = append(v.Goals, bg)
		for _, subject := range append([]string{gr.Code}, gr.Indicators...) {
			for _, c := range comments[subject].Lead {
				if !c.Current {
					continue
				}
				c.Goal, c.Text, c.Label = bg.Code, i18n.FirstLine(c.Text, 160), bg.Code
				if ind := inds[subject]; ind != nil {
					c.Label += " " + ind.Def.Name
				}
				if c.Region != "" {
					c.Label += " (" + c.Region + ")"
				}
				v.Comments = append(v.Comments, c)
			}
		}
		for _, a := range gr.Attention {
			ind := inds[a.Indicator]
			_, sym, class := i18n.StatusInfo(lang, ind.Status)
			v.Attention = append(v.Attention, boardAttention{Goal: bg.Code, Anchor: anchor, Indicator: a.Indicator, Name: ind.Def.Name,
				Reason: i18n.Reason(lang, ind, a), Symbol: sym, Class: class})
		}
	}
	return v
}

// goalSummaries are run.json's goals.
func goalSummaries(res *pipeline.Result) []goalSummary {
	inds := map[string]*pipeline.IndicatorResult{}
	for _, ind := range res.Indicators {
		inds[ind.ID] = ind
	}
	out := []goalSummary{}
	for _, gr := range res.Goals {
		gs := goalSummary{Code: gr.Code, Status: gr.Status, Indicators: gr.Indicators, Attention: []attentionSummary{}}
		for _, a := range gr.Attention {
			gs.Attention = append(gs.Attention, attentionSummary{Attention: a, Reason: i18n.Reason(res.Lang, inds[a.Indicator], a)})
		}
		out = append(out, gs)
	}
	return out
}

// board writes the Styresammendrag sheet, the workbook's first: the goals'
// statuses with their key figures, then what needs attention. It prints
// on one A4 page.
func (x *xlsx) board(res *pipeline.Result) {
	sh, lang := sheetName(x.lang, SheetBoard), x.lang
	v := boardViewOf(res)
	x.str(sh, 1, 1, i18n.T(lang, "board")+" – "+res.Config.Organisation+", "+res.Period.Label(lang))
	x.check(x.f.SetCellStyle(sh, "A1", "A1", x.title))
	x.str(sh, 1, 2, v.Rule)
	heads := []string{i18n.T(lang, "status"), i18n.T(lang, "board.goal"), i18n.T(lang, "board.key"), i18n.T(lang, "value"), i18n.T(lang, "board.change")}
	if v.BaseYear > 0 {
		heads = append(heads, fmt.Sprintf("%s %d", i18n.T(lang, "change.since"), v.BaseYear))
	}
	const hr = 4
	for i, h := range heads {
		x.str(sh, i+1, hr, h)
	}
	x.check(x.f.SetCellStyle(sh, cellName(1, hr), cellName(len(heads), hr), x.header))
	row := hr + 1
	for _, g := range v.Goals {
		x.str(sh, 1, row, g.Symbol+" "+g.Word)
		name := g.Code + " " + g.Name
		if g.Region != "" {
			name += " (" + g.Region + ")"
		}
		x.str(sh, 2, row, name)
		x.str(sh, 3, row, g.KeyName)
		x.str(sh, 4, row, g.KeyValue)
		x.str(sh, 5, row, strings.TrimSpace(g.Arrow+" "+g.KeyChange+" "+g.Better))
		if v.BaseYear > 0 {
			x.str(sh, 6, row, g.KeyBase)
		}
		row++
	}
	x.statusFormat(sh, fmt.Sprintf("A%d:A%d", hr+1, max(row-1, hr+1)))
	row++
	x.str(sh, 1, row, i18n.T(lang, "board.attention"))
	x.check(x.f.SetCellStyle(sh, cellName(1, row), cellName(1, row), x.title))
	row++
	if len(v.Attention) == 0 {
		x.str(sh, 1, row, i18n.T(lang, "board.attention.none"))
	}
	for _, a := range v.Attention {
		x.str(sh, 1, row, a.Symbol+" "+a.Goal)
		x.str(sh, 2, row, a.Reason)
		x.check(x.f.MergeCell(sh, cellName(2, row), cellName(5, row)))
		x.check(x.f.SetCellStyle(sh, cellName(1, row), cellName(5, row), x.wrap))
		// A merged cell does not grow with its text: about 120 characters
		// a line over the merged columns.
		x.check(x.f.SetRowHeight(sh, row, float64(15*(1+utf8.RuneCountInString(a.Reason)/120))))
		row++
	}
	if comments := commentRows(res); len(comments) > 0 {
		row++
		x.str(sh, 1, row, i18n.T(lang, "comments"))
		x.check(x.f.SetCellStyle(sh, cellName(1, row), cellName(1, row), x.title))
		row++
		heads := []string{i18n.T(lang, "board.goal"), i18n.T(lang, "comment"), i18n.T(lang, "comment.next"), i18n.T(lang, "comment.author"), i18n.T(lang, "comment.month")}
		for i, h := range heads {
			x.str(sh, i+1, row, h)
		}
		x.check(x.f.SetCellStyle(sh, cellName(1, row), cellName(len(heads), row), x.header))
		row++
		for _, c := range comments {
			subject := c.Subject
			if c.Region != "" {
				subject += " (" + c.Region + ")"
			}
			x.str(sh, 1, row, subject)
			x.str(sh, 2, row, c.Text)
			x.str(sh, 3, row, c.FollowUp)
			x.str(sh, 4, row, c.Author)
			x.str(sh, 5, row, c.Month)
			x.check(x.f.SetCellStyle(sh, cellName(1, row), cellName(5, row), x.wrap))
			row++
		}
	}
	x.widths(sh, 12, 52, 44, 18, 16, 14)
	x.printLayout(sh)
}

// commentRows are the latest comments of each goal and indicator (the
// nation's, then each region's that wrote), in the order of the goals
// (each goal's own, then its indicators').
func commentRows(res *pipeline.Result) []commentView {
	comments := commentsBySubject(res)
	var out []commentView
	for _, gr := range res.Goals {
		for _, subject := range append([]string{gr.Code}, gr.Indicators...) {
			out = append(out, comments[subject].Lead...)
		}
	}
	return out
}

// commentView is a comment as the report shows it.
type commentView struct {
	Subject, Goal, Month, Text, FollowUp, Author string
	Region                                       string // the region whose comment it is; "" for the nation's
	// Label names what the comment is on, for the board summary: the goal's
	// code, and an indicator's name.
	Label   string
	Current bool // of the report's month
}

// commentList is what the report shows of the comments on one goal or
// indicator: the latest of the nation and the latest of each region that
// wrote one (Lead: the nation's first, then the regions' by code), and the
// others, newest first (History). Two regions' comments of one month
// both stand; neither is the other's history.
type commentList struct{ Lead, History []commentView }

// commentsBySubject are the comments up to the period by goal code or
// indicator id.
func commentsBySubject(res *pipeline.Result) map[string]commentList {
	out := map[string]commentList{}
	led := map[[2]string]bool{}                                                                   // subject, region
	for _, c := range pipeline.CommentsUpTo(res.Data.Table(pipeline.Comments.Name), res.Period) { // newest first
		v := commentView{Subject: c.Subject, Goal: c.Goal, Region: c.Region, Month: c.Period.Label(res.Lang),
			Text: c.Text, FollowUp: c.FollowUp, Author: c.Author, Current: c.Period == res.Period}
		l := out[c.Subject]
		if key := [2]string{c.Subject, c.Region}; !led[key] {
			led[key] = true
			l.Lead = append(l.Lead, v)
		} else {
			l.History = append(l.History, v)
		}
		out[c.Subject] = l
	}
	for subject, l := range out {
		slices.SortStableFunc(l.Lead, func(a, b commentView) int { return cmp.Compare(a.Region, b.Region) })
		out[subject] = l
	}
	return out
}
