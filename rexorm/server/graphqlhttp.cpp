#include "graphqlhttp_p.h"

#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>

namespace RexOrm::GraphQLHttp {

namespace {

QByteArrayView unquoted(QByteArrayView text)
{
    if (text.size() >= 2 && text.front() == '"' && text.back() == '"')
        return text.sliced(1, text.size() - 2);
    return text;
}

bool isUtf8Charset(QByteArrayView charset)
{
    return charset.compare("utf-8", Qt::CaseInsensitive) == 0 ||
           charset.compare("utf8", Qt::CaseInsensitive) == 0;
}

// One media type or range with its parameters: "application/json; charset=utf-8; q=0.5".
struct MediaRange
{
    QByteArray type;
    QByteArray subtype;
    double quality = 1.0;
    bool foreignCharset = false;
};

std::optional<MediaRange> parseMediaRange(QByteArrayView text)
{
    const QList<QByteArrayView> parts = Http::splitView(text, ';');
    auto part = parts.begin();
    const QByteArrayView essence = Http::trimmedOws(*part);
    const qsizetype slash = essence.indexOf('/');
    if (slash <= 0 || slash == essence.size() - 1)
        return std::nullopt;
    MediaRange range;
    range.type = essence.first(slash).toByteArray().toLower();
    range.subtype = essence.sliced(slash + 1).toByteArray().toLower();
    for (++part; part != parts.end(); ++part) {
        const QByteArrayView parameter = Http::trimmedOws(*part);
        const qsizetype equals = parameter.indexOf('=');
        if (equals <= 0)
            continue;
        const QByteArrayView name = Http::trimmedOws(parameter.first(equals));
        const QByteArrayView value = unquoted(Http::trimmedOws(parameter.sliced(equals + 1)));
        if (name.compare("q", Qt::CaseInsensitive) == 0) {
            bool ok = false;
            const double quality = value.toDouble(&ok);
            if (ok)
                range.quality = qBound(0.0, quality, 1.0);
        } else if (name.compare("charset", Qt::CaseInsensitive) == 0) {
            range.foreignCharset = !isUtf8Charset(value);
        }
    }
    return range;
}

struct Match
{
    double quality = 0.0;
    int specificity = 0; // 3: type/subtype, 2: type/*, 1: */*, 0: no match
};

// The quality the Accept ranges give a media type: that of the most specific range matching it.
Match match(const std::vector<MediaRange> &ranges, QByteArrayView type, QByteArrayView subtype)
{
    Match best;
    for (const MediaRange &range : ranges) {
        int specificity = 0;
        if (range.type == type && range.subtype == subtype)
            specificity = 3;
        else if (range.type == type && range.subtype == "*")
            specificity = 2;
        else if (range.type == "*" && range.subtype == "*")
            specificity = 1;
        if (specificity == 0 || range.foreignCharset)
            continue;
        if (specificity > best.specificity ||
            (specificity == best.specificity && range.quality > best.quality))
            best = {range.quality, specificity};
    }
    return best;
}

Decoded failure(int status, QString message)
{
    Decoded decoded;
    decoded.errorStatus = status;
    decoded.errorMessage = std::move(message);
    return decoded;
}

// The request parameters, from the JSON body (POST) or from the query string with variables and
// extensions parsed as JSON (GET).
Decoded decodeParameters(const QJsonObject &parameters)
{
    Decoded decoded;
    const QJsonValue query = parameters.value(QLatin1String("query"));
    if (query.isUndefined() || query.isNull())
        return failure(400, QStringLiteral("The request has no query."));
    if (!query.isString())
        return failure(400, QStringLiteral("The query must be a string."));
    decoded.request.query = query.toString();

    const QJsonValue operationName = parameters.value(QLatin1String("operationName"));
    if (operationName.isString())
        decoded.request.operationName = operationName.toString();
    else if (!operationName.isUndefined() && !operationName.isNull())
        return failure(400, QStringLiteral("The operationName must be a string or null."));

    const QJsonValue variables = parameters.value(QLatin1String("variables"));
    if (variables.isObject())
        decoded.request.variables = variables.toObject();
    else if (!variables.isUndefined() && !variables.isNull())
        return failure(400, QStringLiteral("The variables must be a JSON object or null."));

    const QJsonValue extensions = parameters.value(QLatin1String("extensions"));
    if (!extensions.isObject() && !extensions.isUndefined() && !extensions.isNull())
        return failure(400, QStringLiteral("The extensions must be a JSON object or null."));
    return decoded;
}

// application/x-www-form-urlencoded: '+' is a space, then percent-decoding, then UTF-8.
QString formDecoded(QByteArrayView text)
{
    QByteArray bytes = text.toByteArray();
    bytes.replace('+', ' ');
    return QString::fromUtf8(QByteArray::fromPercentEncoding(bytes));
}

} // namespace

Negotiation negotiate(const QByteArray &accept)
{
    Negotiation negotiation;
    std::vector<MediaRange> ranges;
    for (const QByteArrayView item : Http::splitView(accept, ',')) {
        if (const std::optional<MediaRange> range = parseMediaRange(item))
            ranges.push_back(*range);
    }
    if (ranges.empty()) {
        negotiation.type = MediaType::Json; // no preference stated
        return negotiation;
    }
    const Match graphql = match(ranges, "application", "graphql-response+json");
    const Match json = match(ranges, "application", "json");
    if (graphql.quality > 0 && (graphql.quality > json.quality ||
                                (graphql.quality == json.quality && graphql.specificity == 3)))
        negotiation.type = MediaType::GraphQLResponse;
    else if (json.quality > 0)
        negotiation.type = MediaType::Json;
    else if (graphql.quality > 0)
        negotiation.type = MediaType::GraphQLResponse;
    // HTML wins when it is more acceptable, or as acceptable but named while JSON is only
    // matched by a wildcard ("text/html, */*").
    const Match html = match(ranges, "text", "html");
    const double jsonQuality = qMax(graphql.quality, json.quality);
    const bool jsonNamed = graphql.specificity == 3 || json.specificity == 3;
    negotiation.html =
        html.quality > 0 && (html.quality > jsonQuality ||
                             (html.quality == jsonQuality && html.specificity == 3 && !jsonNamed));
    return negotiation;
}

QByteArray contentType(MediaType type)
{
    return type == MediaType::GraphQLResponse
               ? QByteArrayLiteral("application/graphql-response+json; charset=utf-8")
               : QByteArrayLiteral("application/json; charset=utf-8");
}

Decoded decodePost(const Http::Request &request)
{
    if (Http::headerCount(request.headers, "content-type") > 1)
        return failure(400, QStringLiteral("The request has several Content-Type headers."));
    const QByteArray type = request.header("content-type");
    if (type.isEmpty())
        return failure(415, QStringLiteral("A POST request needs Content-Type: application/json."));
    const std::optional<MediaRange> range = parseMediaRange(type);
    if (!range || range->type != "application" || range->subtype != "json" || range->foreignCharset)
        return failure(415, QStringLiteral("Send the request as application/json (UTF-8); "
                                           "this server does not read %1.")
                                .arg(QString::fromLatin1(type)));
    if (request.body.isEmpty())
        return failure(400, QStringLiteral("The request body is empty; send a JSON object with "
                                           "a query."));
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(request.body, &error);
    if (error.error != QJsonParseError::NoError)
        return failure(400, QStringLiteral("The request body is not valid JSON: %1 at offset %2.")
                                .arg(error.errorString())
                                .arg(error.offset));
    if (!document.isObject())
        return failure(400, QStringLiteral("The request body must be a JSON object; batches "
                                           "are not supported."));
    return decodeParameters(document.object());
}

Decoded decodeGet(const Http::Request &request)
{
    QJsonObject parameters;
    for (const QByteArrayView pair : Http::splitView(request.query, '&')) {
        if (pair.isEmpty())
            continue;
        const qsizetype equals = pair.indexOf('=');
        const QString name = formDecoded(equals < 0 ? pair : pair.first(equals));
        const QString value = equals < 0 ? QString() : formDecoded(pair.sliced(equals + 1));
        const bool known = name == u"query" || name == u"operationName" || name == u"variables" ||
                           name == u"extensions";
        if (!known)
            continue;
        if (parameters.contains(name))
            return failure(400,
                           QStringLiteral("The parameter %1 is given more than once.").arg(name));
        if (name == u"variables" || name == u"extensions") {
            if (value.isEmpty() || value == u"null")
                continue;
            QJsonParseError error;
            const QJsonDocument document = QJsonDocument::fromJson(value.toUtf8(), &error);
            if (error.error != QJsonParseError::NoError || !document.isObject())
                return failure(400,
                               QStringLiteral("The %1 parameter must be a JSON object.").arg(name));
            parameters.insert(name, document.object());
        } else {
            parameters.insert(name, value);
        }
    }
    Decoded decoded = decodeParameters(parameters);
    decoded.request.readOnly = true;
    return decoded;
}

Http::Response response(const GraphQL::ServiceResponse &result, MediaType type)
{
    int status = 200;
    if (result.mutationNotAllowed)
        status = 405;
    else if (type == MediaType::GraphQLResponse && result.result.requestError())
        status = 400;
    Http::Response response(status, contentType(type), result.result.toJson());
    if (result.mutationNotAllowed)
        response.setHeader(QByteArrayLiteral("allow"), QByteArrayLiteral("POST"));
    return response;
}

} // namespace RexOrm::GraphQLHttp
