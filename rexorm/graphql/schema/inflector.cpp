#include <rexorm/graphql/inflector.h>

#include <QtCore/QRegularExpression>

#include <utility>
#include <vector>

namespace RexOrm::GraphQL::Inflector {

namespace {

using Rule = std::pair<QRegularExpression, QString>;

Rule rule(const char *pattern, const char *replacement)
{
    return {
        QRegularExpression(QString::fromLatin1(pattern), QRegularExpression::CaseInsensitiveOption),
        QString::fromLatin1(replacement)};
}

// Words whose plural is themselves.
bool uncountable(const QString &lower)
{
    static const QStringList words = {
        QStringLiteral("equipment"), QStringLiteral("information"), QStringLiteral("rice"),
        QStringLiteral("money"),     QStringLiteral("species"),     QStringLiteral("series"),
        QStringLiteral("fish"),      QStringLiteral("sheep"),       QStringLiteral("deer"),
        QStringLiteral("news"),      QStringLiteral("metadata"),    QStringLiteral("data"),
        QStringLiteral("feedback"),  QStringLiteral("software"),    QStringLiteral("music"),
        QStringLiteral("media"),     QStringLiteral("staff"),       QStringLiteral("police")};
    return words.contains(lower);
}

const std::vector<std::pair<QString, QString>> &irregulars() // singular, plural
{
    static const std::vector<std::pair<QString, QString>> list = {
        {QStringLiteral("person"), QStringLiteral("people")},
        {QStringLiteral("man"), QStringLiteral("men")},
        {QStringLiteral("woman"), QStringLiteral("women")},
        {QStringLiteral("child"), QStringLiteral("children")},
        {QStringLiteral("tooth"), QStringLiteral("teeth")},
        {QStringLiteral("foot"), QStringLiteral("feet")},
        {QStringLiteral("goose"), QStringLiteral("geese")},
        {QStringLiteral("mouse"), QStringLiteral("mice")},
        {QStringLiteral("ox"), QStringLiteral("oxen")},
        {QStringLiteral("quiz"), QStringLiteral("quizzes")},
        {QStringLiteral("move"), QStringLiteral("moves")},
        {QStringLiteral("movie"), QStringLiteral("movies")},
        {QStringLiteral("genus"), QStringLiteral("genera")},
        {QStringLiteral("criterion"), QStringLiteral("criteria")},
        {QStringLiteral("phenomenon"), QStringLiteral("phenomena")},
        {QStringLiteral("leaf"), QStringLiteral("leaves")},
        {QStringLiteral("loaf"), QStringLiteral("loaves")},
        {QStringLiteral("thief"), QStringLiteral("thieves")},
    };
    return list;
}

// Keeps the case of the original's first letter ("People" -> "Person").
QString matchCase(const QString &original, const QString &replacement)
{
    if (!original.isEmpty() && original.front().isUpper())
        return replacement.left(1).toUpper() + replacement.mid(1);
    return replacement;
}

QString apply(const QString &word, const std::vector<Rule> &rules)
{
    for (const auto &[pattern, replacement] : rules) {
        const auto match = pattern.match(word);
        if (!match.hasMatch())
            continue;
        QString out = word.left(match.capturedStart());
        QString tail = replacement;
        for (int group = pattern.captureCount(); group >= 1; --group)
            tail.replace(QStringLiteral("\\%1").arg(group), match.captured(group));
        return out + tail;
    }
    return word;
}

} // namespace

QString pluralize(const QString &word)
{
    if (word.isEmpty())
        return word;
    const QString lower = word.toLower();
    if (uncountable(lower))
        return word;
    for (const auto &[singular, plural] : irregulars()) {
        if (lower == singular || lower == plural)
            return matchCase(word, plural);
    }
    static const std::vector<Rule> rules = {
        rule("(matr|vert|ind)(?:ix|ex)$", "\\1ices"),
        rule("(alias|status|bus|campus|census|virus)$", "\\1es"),
        rule("(octop)us$", "\\1i"),
        rule("(ax|test|cris|analy|diagno|ba|parenthe|progno|synop|the)sis$", "\\1ses"),
        rule("(x|ch|ss|sh|z)$", "\\1es"),
        rule("([^aeiouy]|qu)y$", "\\1ies"),
        rule("(hive)$", "\\1s"),
        rule("(?:([^f])fe|([lr])f)$", "\\1\\2ves"),
        rule("(buffal|tomat|potat|her|ech|vet)o$", "\\1oes"),
        rule("([ti])um$", "\\1a"),
        rule("s$", "s"),
        rule("$", "s"),
    };
    return apply(word, rules);
}

QString singularize(const QString &word)
{
    if (word.isEmpty())
        return word;
    const QString lower = word.toLower();
    if (uncountable(lower))
        return word;
    for (const auto &[singular, plural] : irregulars()) {
        if (lower == plural || lower == singular)
            return matchCase(word, singular);
    }
    static const std::vector<Rule> rules = {
        rule("(matr)ices$", "\\1ix"),
        rule("(vert|ind)ices$", "\\1ex"),
        rule("(alias|status|bus|campus|census|virus)es$", "\\1"),
        rule("(octop)i$", "\\1us"),
        rule("(ax|test|cris|analy|diagno|ba|parenthe|progno|synop|the)ses$", "\\1sis"),
        rule("(shoe|toe|canoe)s$", "\\1"),
        rule("(buffal|tomat|potat|her|ech|vet)oes$", "\\1o"),
        rule("(x|ch|ss|sh|z)es$", "\\1"),
        rule("([^aeiouy]|qu)ies$", "\\1y"),
        rule("(series|species|news)$", "\\1"),
        rule("([lr])ves$", "\\1f"),
        rule("(hive|tive)s$", "\\1"),
        rule("([^f])ves$", "\\1fe"),
        rule("([ti])a$", "\\1um"),
        rule("(ss|us|is)$", "\\1"),
        rule("s$", ""),
    };
    return apply(word, rules);
}

QStringList words(const QString &name)
{
    QStringList out;
    QString current;
    for (qsizetype i = 0; i < name.size(); ++i) {
        const QChar c = name[i];
        if (!c.isLetterOrNumber()) {
            if (!current.isEmpty())
                out << current;
            current.clear();
            continue;
        }
        // A word starts at an upper-case letter after a lower-case one or a digit ("invoiceLine"),
        // or before the last capital of a run ("HTMLPage" -> HTML, Page).
        const bool boundary =
            !current.isEmpty() && c.isUpper() &&
            (current.back().isLower() || current.back().isDigit() ||
             (i + 1 < name.size() && name[i + 1].isLower() && current.back().isUpper()));
        if (boundary) {
            out << current;
            current.clear();
        }
        current += c;
    }
    if (!current.isEmpty())
        out << current;
    return out;
}

namespace {

QString joined(QStringList parts, bool firstUpper)
{
    for (qsizetype i = 0; i < parts.size(); ++i) {
        QString &part = parts[i];
        const bool acronym = part.size() > 1 && part == part.toUpper() && part.front().isLetter();
        const QString base = acronym ? part.toLower() : part;
        part = (i == 0 && !firstUpper) ? base.left(1).toLower() + base.mid(1)
                                       : base.left(1).toUpper() + base.mid(1);
    }
    QString out = parts.join(QString());
    if (!out.isEmpty() && out.front().isDigit())
        out.prepend(u'_');
    return out;
}

QStringList inflected(const QString &name, QString (*inflect)(const QString &))
{
    QStringList parts = words(name);
    if (!parts.isEmpty())
        parts.last() = inflect(parts.last());
    return parts;
}

} // namespace

QString typeName(const QString &name)
{
    return joined(inflected(name, singularize), true);
}

QString singularField(const QString &name)
{
    return joined(inflected(name, singularize), false);
}

QString fieldName(const QString &name)
{
    return joined(words(name), false);
}

QString pluralField(const QString &name)
{
    QStringList parts = inflected(name, singularize);
    if (!parts.isEmpty())
        parts.last() = pluralize(parts.last());
    return joined(parts, false);
}

} // namespace RexOrm::GraphQL::Inflector
