#include "sqlresultmodel.h"

#include <QtGui/QBrush>
#include <QtGui/QFont>
#include <QtGui/QPalette>

namespace RexOrm::Admin {

namespace {

constexpr qsizetype ShownTextLength = 500;
constexpr qsizetype ShownBytes = 32;

bool isNumber(const QVariant &value)
{
    switch (value.typeId()) {
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
    case QMetaType::Double:
    case QMetaType::Float:
    case QMetaType::Short:
    case QMetaType::UShort:
        return true;
    default:
        return false;
    }
}

QString displayText(const QVariant &value)
{
    if (value.isNull())
        return QStringLiteral("NULL");
    if (value.typeId() == QMetaType::QByteArray) {
        const QByteArray bytes = value.toByteArray();
        QString hex = QString::fromLatin1(bytes.left(ShownBytes).toHex(' '));
        if (bytes.size() > ShownBytes)
            hex += QStringLiteral(" …");
        return SqlResultModel::tr("%n byte(s): %1", nullptr, int(bytes.size())).arg(hex);
    }
    QString text = value.toString();
    if (text.size() > ShownTextLength)
        text = text.left(ShownTextLength) + QStringLiteral("…");
    text.replace(u'\n', u' ');
    return text;
}

} // namespace

SqlResultModel::SqlResultModel(QObject *parent) : QAbstractTableModel(parent) {}

void SqlResultModel::setResult(const QStringList &columns, const QList<QVariantList> &rows)
{
    beginResetModel();
    m_columns = columns;
    m_rows = rows;
    endResetModel();
}

void SqlResultModel::clear()
{
    setResult({}, {});
}

int SqlResultModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int SqlResultModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_columns.size());
}

QVariant SqlResultModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const QVariantList &row = m_rows.at(index.row());
    const QVariant value = index.column() < row.size() ? row.at(index.column()) : QVariant();
    switch (role) {
    case Qt::DisplayRole:
        return displayText(value);
    case Qt::EditRole:
        return value;
    case Qt::ToolTipRole:
        if (!value.isNull() && value.typeId() != QMetaType::QByteArray &&
            value.toString().size() > ShownTextLength)
            return value.toString().left(20 * ShownTextLength);
        return {};
    case Qt::ForegroundRole:
        if (value.isNull())
            return QBrush(QPalette().color(QPalette::Disabled, QPalette::Text));
        return {};
    case Qt::FontRole:
        if (value.isNull()) {
            QFont font;
            font.setItalic(true);
            return font;
        }
        return {};
    case Qt::TextAlignmentRole:
        if (isNumber(value))
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    default:
        return {};
    }
}

QVariant SqlResultModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole || section < 0)
        return {};
    if (orientation == Qt::Horizontal)
        return section < m_columns.size() ? QVariant(m_columns.at(section)) : QVariant();
    return section < m_rows.size() ? QVariant(section + 1) : QVariant();
}

} // namespace RexOrm::Admin
