#!/usr/bin/env python3
"""Well-formedness check of an HTML file with Python's html.parser: every opened element is closed
in order (void elements aside), no end tag without its start tag, ids unique, and every in-page
link (#id) points to an id of the page.  Exit 0 when fine, 1 with one line per problem on stderr.

  check_html.py FILE.html        check a file
  check_html.py --self-test      the checker must reject known-bad pages (a stray </table>, ...)
"""
import sys
from html.parser import HTMLParser

VOID = {'area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr'}


class Balance(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.problems, self.ids, self.hrefs = [], [], {}, []

    def where(self):
        line, col = self.getpos()
        return 'line %d col %d' % (line, col + 1)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if 'id' in a:
            if a['id'] in self.ids:
                self.problems.append('%s: duplicate id "%s" (first at %s)' % (self.where(), a['id'], self.ids[a['id']]))
            self.ids.setdefault(a['id'], self.where())
        if tag == 'a' and (a.get('href') or '').startswith('#'):
            self.hrefs.append((a['href'][1:], self.where()))
        if tag not in VOID:
            self.stack.append((tag, self.where()))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag in VOID:
            self.problems.append('%s: end tag </%s> of a void element' % (self.where(), tag))
            return
        if not self.stack or self.stack[-1][0] != tag:
            open_ = self.stack[-1] if self.stack else None
            self.problems.append('%s: stray </%s>%s' % (self.where(), tag,
                                 ' (open: <%s> from %s)' % open_ if open_ else ' (nothing open)'))
            if any(t == tag for t, _ in self.stack):  # recover: close up to the matching element
                while self.stack and self.stack[-1][0] != tag:
                    self.stack.pop()
                self.stack.pop()
            return
        self.stack.pop()


def check(text):
    p = Balance()
    p.feed(text)
    p.close()
    problems = list(p.problems)
    for tag, pos in p.stack:
        problems.append('%s: <%s> never closed' % (pos, tag))
    for target, pos in p.hrefs:
        if target not in p.ids:
            problems.append('%s: link to #%s but no element has that id' % (pos, target))
    if not text.lstrip().lower().startswith('<!doctype html>'):
        problems.append('line 1: no <!DOCTYPE html>')
    return problems


GOOD = '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>t</title></head><body><h2 id="a">x</h2>' \
       '<table><tr><td><a href="#a">a</a><br></td></tr></table><img src="x.png" alt=""></body></html>\n'
BAD = {
    'stray </table>': GOOD.replace('</table>', '</table></table>'),
    'unclosed <p>': GOOD.replace('<body>', '<body><p>'),
    'crossed tags': GOOD.replace('<a href="#a">a</a>', '<a href="#a"><b>a</a></b>'),
    'dangling link': GOOD.replace('href="#a"', 'href="#nowhere"'),
    'duplicate id': GOOD.replace('<table>', '<table id="a">'),
}


def main(argv):
    if argv[1:] == ['--self-test']:
        ok = not check(GOOD)
        for name, page in BAD.items():
            if not check(page):
                print('self-test: the checker accepted a page with a %s' % name, file=sys.stderr)
                ok = False
        print('check_html self-test: %s' % ('ok' if ok else 'FAILED'))
        return 0 if ok else 1
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    with open(argv[1], encoding='utf-8') as f:
        problems = check(f.read())
    for p in problems:
        print('%s: %s' % (argv[1], p), file=sys.stderr)
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
