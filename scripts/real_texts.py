#!/usr/bin/env python3
"""Regenerates tests/fixtures/real-texts/ (a clause site of real public legal texts) from git
snapshots of the repositories they come from, so that a reader can audit where every file
came from: each file is `git show <commit>:<path>` of a named repository, with the changes
listed below, and LICENSES.md names repository, commit, path, author and licence per file.

    scripts/real_texts.py [--mirror /work/.mirror] [--out tests/fixtures/real-texts]

The snapshots are what the search tool's `fetch` brings (github:github/site-policy,
github:Automattic/legalmattic, github:basecamp/policies), at <mirror>/<owner>+<name>/repo.
Files written by this project (site.toml, section titles, the Chinese, Japanese and Spanish
translations the sources lack, and EXPECTED.md: the findings `check` should report) live in
tests/fixtures/real-texts-src/ and are copied as they are; LICENSES.md marks them "written by
the clause project".

What the script changes in the source texts, and only this (each a step below):
- front matter: the source's YAML (Jekyll/GitHub Docs keys) becomes clause's TOML with
  `title`, `description`, `effective_date`, `summary` (the git commit subjects) and `weight`;
- GitHub Docs links: `/site-policy/<group>/<doc>` to a document in this fixture becomes a
  relative `<doc>.md` link, any other root-relative link gets `https://docs.github.com` in
  front (where GitHub's site resolves it); an `#anchor` that is GitHub's slug of a heading
  numbered `A.`/`1.` becomes that heading's clause id (`#a-definitions` → `#clause-A`,
  `#5-additional-terms` under `## B.` → `#clause-B.5`), as an author moving the text into
  clause would; an anchor that is no heading's slug is left as it is;
- Basecamp links `../x/index.md` become `x.md` when x is in this fixture, else the URL the
  live site resolves them to (https://basecamp.com/about/policies/…);
- template tags become brand placeholders where a white-label portal has its own value:
  GitHub's `{% data variables.contact.contact_support %}` (before 2020 `{{ site.data.… }}`) → a mail link to `{{supportMail}}`
  of `{{companyName}}`; Basecamp's `{{ site.email_support }}` → `mailto:{{supportMail}}`;
  `{% asset_path … %}` images are dropped; GitHub's reusable `personal_dashboard` → its words;
- the Community Guidelines' five `##` sections are numbered `I.`–`V.` (no source numbers its
  sections with Roman numerals; the Chinese and Japanese copies number them `一、`–`五、`);
- encodings, as a Windows editor saves: the es-ES WordPress.com terms get CRLF line ends and
  the fr ones a UTF-8 byte-order mark.
"""

import argparse
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "tests/fixtures/real-texts-src"

GITHUB = ("github/site-policy", "CC0-1.0", "GitHub, Inc. and contributors")
AUTOMATTIC = ("Automattic/legalmattic", "CC BY-SA 4.0", "Automattic Inc. and contributors")
BASECAMP = ("basecamp/policies", "CC BY 4.0", "Basecamp / 37signals LLC and contributors")

# GitHub documents in the fixture: source path → (fixture name, weight).
GITHUB_DOCS = {
    "github-terms/github-terms-of-service": ("terms-of-service", 10),
    "github-terms/github-corporate-terms-of-service": ("corporate-terms-of-service", 15),
    "acceptable-use-policies/github-acceptable-use-policies": ("acceptable-use-policies", 20),
    "github-terms/github-community-guidelines": ("community-guidelines", 30),
    "privacy-policies/github-general-privacy-statement": ("privacy-statement", 40),
    "content-removal-policies/dmca-takedown-policy": ("dmca-takedown-policy", 50),
    "other-site-policies/guidelines-for-legal-requests-of-user-data": ("legal-requests", 60),
    "github-terms/github-copilot-extension-developer-policy": ("copilot-extension-developer-policy", 70),
}
# GitHub Docs serves the general privacy statement under this older name too (its links use it).
GITHUB_ALIASES = {"privacy-policies/github-privacy-statement": "privacy-policies/github-general-privacy-statement"}

# The GitHub Terms of Service: the version in force and four upcoming ones. The site-policy
# repository is a sync of GitHub Docs whose commit dates say nothing about when a text took
# effect, so the dates of the upcoming versions are the fixture's (SPEC §6 item 9 needs four);
# the version in force carries the date its text states ("Effective date: November 16, 2020").
TOS_VERSIONS = [
    ("93a28bf", None, "2020-11-16"),
    ("228ef71", "2025-12-10", None),  # only the destination of the link in L.1 changed
    ("eb9eaff", "2026-03-16", None),  # support-portal links reworded
    ("65318a5", "2026-03-20", None),
    ("a4234fc", "2026-03-23", None),  # adds D.8 Access Reciprocity
]
AS_OF = "2025-12-09"
GITHUB_HEAD = "65318a5"  # 2025-03-24: the version of the other documents in the fixture

BASECAMP_DOCS = {  # source folder → (fixture name, weight); cancellation gets its git history
    "cancellation": ("cancellation", 10),
    "refund": ("refund", 20),
    "terms": ("terms", 30),
    "privacy": ("privacy", 40),
}
BASECAMP_HEAD = "d39f6f1"

WORDPRESS_COMMIT = "4e76d9d"  # 2015-05-21: the English terms and the translations made of them
WORDPRESS_DIR = "Terms of Service/WordPress.com/"
WORDPRESS_FILES = {
    "en": "EN-Terms-of-Service.md",
    "de": "DE-Geschäftsbedingungen.md",
    "fr": "FR-Conditions-d’utilisation.md",
    "es-ES": "ES-Condiciones-de-servicio.md",
    "pt-BR": "PT-BR-Termos-de-Serviço.md",
    "ja": "JA-利用規約.md",
    "zh-CN": "ZH-CN-服务条款.md",
    "zh-TW": "ZH-TW-服務條款.md",
    "he": "HE-תנאי השירו.md",
}


class Repo:
    """One snapshot, read only through git."""

    def __init__(self, mirror, meta):
        self.name, self.licence, self.author = meta
        self.git_dir = Path(mirror) / (self.name.replace("/", "+")) / "repo"
        if not self.git_dir.is_dir():
            sys.exit(f"{self.git_dir}: no snapshot; fetch github:{self.name} first")

    def git(self, *args):
        out = subprocess.run(["git", f"--git-dir={self.git_dir}", *args], capture_output=True, check=True)
        return out.stdout.decode("utf-8")

    def show(self, commit, path):
        return self.git("show", f"{commit}:{path}")

    def full(self, commit):
        return self.git("rev-parse", commit).strip()


class Fixture:
    """The output folder and the licence notes of what went into it."""

    def __init__(self, out):
        self.out = out
        self.notes = []

    def write(self, rel, text, origin, encoding=None):
        path = self.out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        data = text.encode("utf-8")
        if encoding == "crlf":
            data = data.replace(b"\n", b"\r\n")
        elif encoding == "bom":
            data = b"\xef\xbb\xbf" + data
        path.write_bytes(data)
        self.notes.append((rel, origin))


def toml_string(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def front_matter(**keys):
    lines = ["+++"]
    for k, v in keys.items():
        if v is None:
            continue
        lines.append(f"{k} = {v}" if isinstance(v, int) or k == "effective_date" else f"{k} = {toml_string(v)}")
    return "\n".join(lines + ["+++", ""])


def split_yaml(text):
    """The source's YAML front matter as a dict of its plain `key: value` lines, and the body."""
    m = re.match(r"---\n(.*?)\n---\n", text, re.S)
    if not m:
        return {}, text
    meta = {}
    for line in m.group(1).splitlines():
        kv = re.match(r"([A-Za-z_]+):\s*(.+)$", line)
        if kv:
            meta[kv.group(1)] = kv.group(2).strip().strip("'\"")
    return meta, text[m.end():]


# ---- GitHub ---------------------------------------------------------------------------------

def github_slug(heading):
    """GitHub's id for a heading: lowercased, punctuation dropped, spaces as `-`."""
    s = heading.strip().lower()
    s = re.sub(r"[^\w\- ]", "", s)
    return s.replace(" ", "-")


def clause_ids(body):
    """GitHub slug → clause id for the headings numbered `A.` or `1.` (under a letter: `B.5`)."""
    ids, letter = {}, None
    for m in re.finditer(r"^(#{2,6}) +(.*)$", body, re.M):
        text = m.group(2)
        lm = re.match(r"([A-Z])\. ", text)
        nm = re.match(r"(\d+)\. ", text)
        if lm and m.group(1) == "##":
            letter = lm.group(1)
            ids[github_slug(text)] = f"clause-{letter}"
        elif nm:
            ids[github_slug(text)] = f"clause-{letter}.{nm.group(1)}" if letter else f"clause-{nm.group(1)}"
        elif m.group(1) == "##":
            letter = None
    return ids


def github_link(target, own_ids, ids_of):
    """The fixture's form of a GitHub Docs link destination."""
    path, _, frag = target.partition("#")
    if not path:
        return "#" + own_ids.get(frag, frag)
    if not path.startswith("/"):
        return target
    doc = path.removeprefix("/site-policy/")
    doc = GITHUB_ALIASES.get(doc, doc)
    if path.startswith("/site-policy/") and doc in GITHUB_DOCS:
        name = GITHUB_DOCS[doc][0]
        return f"{name}.md" + (f"#{ids_of[doc].get(frag, frag)}" if frag else "")
    return "https://docs.github.com" + target


def github_body(body, doc, ids_of):
    if doc == "github-terms/github-community-guidelines":
        body = number_roman(body)
    own = {} if doc.endswith("community-guidelines") else clause_ids(body)
    body = re.sub(r"\]\(([^)\s]*(?:\([^)\s]*\)[^)\s]*)?)\)", lambda m: "](" + github_link(m.group(1), own, ids_of) + ")", body)
    for tag in ("{% data variables.contact.contact_support %}", "{{ site.data.variables.contact.contact_support }}"):
        body = body.replace(tag, "[{{companyName}} Support](mailto:{{supportMail}})")
    return body.replace("{% data reusables.user-settings.personal_dashboard %}", "personal dashboard")


ROMANS = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"]


def roman_ids(body):
    """GitHub slug → `clause-<Roman>` of the `##` sections `number_roman` numbers."""
    heads = re.findall(r"^## (.+)$", body, re.M)
    return {github_slug(h): f"clause-{r}" for h, r in zip(heads, ROMANS)}


def number_roman(body):
    """Numbers the `##` sections I., II., … (see the module comment), and their links."""
    for slug, cid in roman_ids(body).items():
        body = body.replace(f"](#{slug})", f"](#{cid})")
    romans = iter(ROMANS)
    return re.sub(r"^## (.+)$", lambda m: f"## {next(romans)}. {m.group(1)}", body, flags=re.M)


def github_path(repo, commit, doc):
    """The document's path at `commit` (the repository moved its files into folders in 2021)."""
    for path in (f"Policies/{doc}.md", f"Policies/{doc.split('/')[1]}.md"):
        if repo.git("ls-tree", "--name-only", commit, "--", path).strip():
            return path
    raise SystemExit(f"{doc} not found at {commit}")


def github_ids(repo):
    """The clause id of each numbered heading's slug, per document, as the fixture has it in force."""
    ids = {}
    for doc in GITHUB_DOCS:
        commit = github_commit(doc)
        _, body = split_yaml(repo.show(commit, github_path(repo, commit, doc)))
        ids[doc] = roman_ids(body) if doc.endswith("community-guidelines") else clause_ids(body)
    return ids


def github_commit(doc):
    """The commit of the version of `doc` in force on AS_OF in the fixture."""
    if doc.endswith("github-terms-of-service"):
        return TOS_VERSIONS[0][0]
    return "82c3660" if doc.endswith("copilot-extension-developer-policy") else GITHUB_HEAD


def github_file(fx, repo, commit, doc, rel, **fm):
    path = github_path(repo, commit, doc)
    meta, body = split_yaml(repo.show(commit, path))
    body = github_body(body, doc, github_ids(repo))
    fm.setdefault("title", meta.get("title"))
    fm.setdefault("description", meta.get("intro"))
    fx.write(rel, front_matter(**fm) + body, (repo, repo.full(commit), path))


def commits_of(repo, paths):
    """(commit, day, subject) of every commit that changed one of `paths`, oldest first."""
    log = repo.git("log", "--format=%H%x09%cd%x09%s", "--date=short", "--", *paths)
    rows = [line.split("\t", 2) for line in log.splitlines() if line]
    return list(reversed(rows))


def by_day(rows, repo, path_at):
    """The last commit of each day whose text differs from the day before, with the day's subjects."""
    days, seen = {}, None
    for commit, day, subject in rows:
        days.setdefault(day, [None, []])
        days[day][0] = commit
        days[day][1].append(subject)
    out = []
    for day, (commit, subjects) in days.items():
        try:
            blob = repo.git("rev-parse", f"{commit}:{path_at(commit)}").strip()
        except subprocess.CalledProcessError:  # the day's last commit deleted or moved the file
            continue
        if blob != seen:
            out.append((day, commit, "; ".join(subjects)))
            seen = blob
    return out


def github(fx, repo):
    for doc, (name, weight) in GITHUB_DOCS.items():
        if name in ("terms-of-service", "acceptable-use-policies"):
            continue
        commit = github_commit(doc)
        day = repo.git("log", "-1", "--format=%cd", "--date=short", commit, "--", github_path(repo, commit, doc))
        github_file(fx, repo, commit, doc, f"content/en/github/{name}.md", effective_date=day.strip(), weight=weight)
    tos = "github-terms/github-terms-of-service"
    for commit, day, stated in TOS_VERSIONS:
        subject = repo.git("log", "-1", "--format=%s", commit).strip()
        rel = "content/en/github/terms-of-service" + (f"@{day}.md" if day else ".md")
        github_file(fx, repo, commit, tos, rel, effective_date=stated, weight=10, summary=subject)
    aup = "acceptable-use-policies/github-acceptable-use-policies"
    paths = [f"Policies/{aup}.md", "Policies/github-acceptable-use-policies.md"]
    days = by_day(commits_of(repo, paths)[-40:], repo, lambda c: github_path(repo, c, aup))
    current = max(d for d, _, _ in days if d <= AS_OF)
    for day, commit, subjects in days:
        if day < "2020-11-16":
            continue
        rel = "content/en/github/acceptable-use-policies" + (".md" if day == current else f"@{day}.md")
        github_file(fx, repo, commit, aup, rel, effective_date=day if day == current else None,
                    weight=20, summary=subjects)


# ---- Basecamp -------------------------------------------------------------------------------

def basecamp_link(target, here):
    """A Basecamp relative link, from source folder `here`."""
    if re.match(r"[a-z]+:", target) or target.startswith("#") or target.startswith("{{"):
        return target
    path, _, frag = target.partition("#")
    parts = here.split("/") if here else []
    for seg in path.split("/"):
        if seg == "..":
            parts = parts[:-1]
        elif seg not in (".", "index.md", ""):
            parts.append(seg)
    name = "/".join(parts)
    if name in BASECAMP_DOCS:
        return f"{BASECAMP_DOCS[name][0]}.md" + (f"#{frag}" if frag else "")
    return f"https://basecamp.com/about/policies/{name}/" + (f"#{frag}" if frag else "")


def basecamp_body(body, here):
    body = re.sub(r"\{\{ *(site\.)?email_support *\}\}", "mailto:{{supportMail}}", body)
    body = re.sub(r"^.*\{% asset_path [^%]*%\}.*\n\n?", "", body, flags=re.M)
    return re.sub(r"\]\(([^)\s]+)\)", lambda m: "](" + basecamp_link(m.group(1), here) + ")", body)


def basecamp_file(fx, repo, commit, path, rel, here, **fm):
    meta, body = split_yaml(repo.show(commit, path))
    if not meta:  # before 2020-03-27 the files had no front matter
        meta = {"title": "Cancellation policy"}
    fm.setdefault("title", meta.get("title"))
    fm.setdefault("description", meta.get("description"))
    fx.write(rel, front_matter(**fm) + basecamp_body(body, here), (repo, repo.full(commit), path))


def basecamp(fx, repo):
    for folder, (name, weight) in BASECAMP_DOCS.items():
        if folder != "cancellation":
            path = f"{folder}/index.md"
            day = repo.git("log", "-1", "--format=%cd", "--date=short", BASECAMP_HEAD, "--", path).strip()
            basecamp_file(fx, repo, BASECAMP_HEAD, path, f"content/en/basecamp/{name}.md", folder,
                          effective_date=day, weight=weight)
    paths = ["cancellation/index.md", "cancellation.md"]
    where = lambda c: paths[0] if repo.git("ls-tree", "--name-only", c, "--", paths[0]).strip() else paths[1]
    days = by_day(commits_of(repo, paths), repo, where)
    last = days[-1][0]
    for day, commit, subjects in days:
        rel = "content/en/basecamp/cancellation" + (".md" if day == last else f"@{day}.md")
        basecamp_file(fx, repo, commit, where(commit), rel, "cancellation",
                      effective_date=day if day == last else None, weight=10, summary=subjects)


# ---- Automattic -----------------------------------------------------------------------------

def wordpress(fx, repo):
    day = repo.git("log", "-1", "--format=%cd", "--date=short", WORDPRESS_COMMIT).strip()
    for locale, name in WORDPRESS_FILES.items():
        path = WORDPRESS_DIR + name
        body = repo.show(WORDPRESS_COMMIT, path)
        title = re.match(r"### (.+)", body).group(1).strip()
        encoding = {"es-ES": "crlf", "fr": "bom"}.get(locale)
        fx.write(f"content/{locale}/wordpress/terms-of-service.md",
                 front_matter(title=title, effective_date=day, weight=10) + body,
                 (repo, repo.full(WORDPRESS_COMMIT), path), encoding)


# ---- Output ---------------------------------------------------------------------------------

def copy_project_files(fx):
    for path in sorted(SRC.rglob("*")):
        if path.is_file():
            rel = path.relative_to(SRC).as_posix()
            (fx.out / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, fx.out / rel)
            fx.notes.append((rel, None))


def licences(fx):
    lines = [
        "# Where every file of this fixture comes from",
        "",
        "Made by `scripts/real_texts.py` from git snapshots of three public repositories; run it",
        "again to regenerate this folder. Its module comment lists every change made to the",
        "source texts (front matter, link forms, template tags turned into brand placeholders,",
        "line ends), so every file taken from a source is an adaptation of it, and is offered",
        "under its source's licence: CC BY 4.0 (Basecamp) and CC BY-SA 4.0 (Automattic) require",
        "this attribution and notice of changes; GitHub's texts are CC0. Files marked *written by",
        "the clause project* are copied from `tests/fixtures/real-texts-src/`, written where the",
        "sources lack a translation or a file a clause site needs.",
        "",
        "| licence | repository | author |",
        "|---|---|---|",
    ]
    for name, licence, author in (GITHUB, AUTOMATTIC, BASECAMP):
        lines.append(f"| {licence} | https://github.com/{name} | {author} |")
    lines += ["", "| file | repository | commit | path |", "|---|---|---|---|"]
    for rel, origin in sorted(fx.notes, key=lambda n: n[0]):
        if origin is None:
            lines.append(f"| `{rel}` | written by the clause project | | |")
        else:
            repo, commit, path = origin
            lines.append(f"| `{rel}` | {repo.name} ({repo.licence}) | {commit} | `{path}` |")
    (fx.out / "LICENSES.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mirror", default="/work/.mirror")
    ap.add_argument("--out", default=str(ROOT / "tests/fixtures/real-texts"))
    args = ap.parse_args()
    out = Path(args.out)
    if out.exists():
        shutil.rmtree(out)
    fx = Fixture(out)
    github(fx, Repo(args.mirror, GITHUB))
    basecamp(fx, Repo(args.mirror, BASECAMP))
    wordpress(fx, Repo(args.mirror, AUTOMATTIC))
    copy_project_files(fx)
    licences(fx)


if __name__ == "__main__":
    main()
