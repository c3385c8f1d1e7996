#include "schemaview.h"
#include "schematablemodel.h"

#include <session/session.h>

#include <QtWidgets/QHeaderView>
#include <QtWidgets/QLabel>
#include <QtWidgets/QTabWidget>
#include <QtWidgets/QTableView>
#include <QtWidgets/QVBoxLayout>

namespace RexOrm::Admin {

namespace {

QString defaultText(const ColumnInfo &column)
{
    if (!column.defaultExpression.isEmpty())
        return column.defaultExpression;
    if (column.defaultValue.isNull())
        return {};
    if (column.defaultValue.typeId() == QMetaType::QString)
        return u'\'' + column.defaultValue.toString() + u'\'';
    return column.defaultValue.toString();
}

QString argumentText(const QVariant &argument)
{
    if (argument.typeId() == QMetaType::QStringList || argument.typeId() == QMetaType::QVariantList)
        return argument.toStringList().join(u'|');
    return argument.toString();
}

QString rulesText(const QList<ValidationRule> &rules)
{
    QStringList parts;
    for (const ValidationRule &rule : rules) {
        const QString argument = argumentText(rule.argument);
        parts << (argument.isEmpty() ? rule.kind : rule.kind + u'=' + argument);
    }
    return parts.join(QStringLiteral(", "));
}

QString joined(const QStringList &names)
{
    return names.join(QStringLiteral(", "));
}

QTableView *makeTable(QAbstractItemModel *model, QWidget *parent)
{
    auto *table = new QTableView(parent);
    table->setModel(model);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setAlternatingRowColors(true);
    table->setWordWrap(false);
    table->verticalHeader()->hide();
    table->horizontalHeader()->setStretchLastSection(true);
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    return table;
}

} // namespace

SchemaView::SchemaView(Session *session, QWidget *parent) : QWidget(parent), m_session(session)
{
    m_columns = new SchemaTableModel(
        {tr("Name"), tr("Field"), tr("Type"), tr("Nullable"), tr("Default"), tr("Primary key"),
         tr("Unique"), tr("Auto-increment"), tr("Hidden"), tr("Read-only"), tr("Validation")},
        this);
    m_indexes = new SchemaTableModel({tr("Name"), tr("Columns"), tr("Unique")}, this);
    m_foreignKeys =
        new SchemaTableModel({tr("Name"), tr("Columns"), tr("Referenced table"),
                              tr("Referenced columns"), tr("On delete"), tr("On update")},
                             this);
    m_relations = new SchemaTableModel({tr("Name"), tr("Kind"), tr("Target"), tr("Keys")}, this);

    m_summary = new QLabel(this);
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_tabs = new QTabWidget(this);
    m_tabs->addTab(makeTable(m_columns, m_tabs), QString());
    m_tabs->addTab(makeTable(m_indexes, m_tabs), QString());
    auto *foreignKeys = makeTable(m_foreignKeys, m_tabs);
    m_tabs->addTab(foreignKeys, QString());
    auto *relations = makeTable(m_relations, m_tabs);
    m_tabs->addTab(relations, QString());
    connect(foreignKeys, &QAbstractItemView::doubleClicked, this, &SchemaView::activateForeignKey);
    connect(relations, &QAbstractItemView::doubleClicked, this, &SchemaView::activateRelation);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_summary);
    layout->addWidget(m_tabs, 1);

    if (m_session) {
        connect(m_session, &Session::opened, this, &SchemaView::refresh);
        connect(m_session, &Session::closed, this, &SchemaView::refresh);
    }
    refresh();
}

SchemaView::~SchemaView() = default;

QString SchemaView::typeText(const ColumnInfo &column)
{
    QString text =
        column.databaseType.isEmpty() ? columnTypeName(column.type) : column.databaseType;
    if (text.contains(u'('))
        return text;
    if (column.type == ColumnType::Decimal && column.precision > 0)
        text += QStringLiteral("(%1,%2)").arg(column.precision).arg(column.scale);
    else if (column.length > 0)
        text += QStringLiteral("(%1)").arg(column.length);
    return column.isArray && column.databaseType.isEmpty() ? text + QStringLiteral("[]") : text;
}

QString SchemaView::summary() const
{
    return m_summary->text();
}

void SchemaView::setEntity(const QString &name)
{
    m_entityName = name;
    refresh();
}

void SchemaView::refresh()
{
    const EntityInfo *entity =
        m_session && !m_entityName.isEmpty() ? m_session->entity(m_entityName) : nullptr;
    m_entity = entity ? *entity : EntityInfo();

    QList<QVariantList> columns;
    QList<QVariantList> indexes;
    QList<QVariantList> foreignKeys;
    QList<QVariantList> relations;
    if (entity) {
        const auto names = m_session->names(entity->name);
        for (const ColumnInfo &c : m_entity.columns) {
            columns << QVariantList{c.name,
                                    names ? names->fieldOf(c.name) : QString(),
                                    typeText(c),
                                    c.nullable,
                                    defaultText(c),
                                    c.primaryKey,
                                    c.unique,
                                    c.autoIncrement,
                                    c.hidden,
                                    c.readOnly || m_entity.readOnly,
                                    rulesText(c.rules)};
        }
        for (const IndexInfo &index : m_entity.indexes)
            indexes << QVariantList{index.name, joined(index.columns), index.unique};
        for (const ForeignKeyInfo &fk : m_entity.foreignKeys) {
            foreignKeys << QVariantList{fk.name,
                                        joined(fk.columns),
                                        fk.referencedTable,
                                        joined(fk.referencedColumns),
                                        fk.onDelete.isEmpty() ? tr("NO ACTION") : fk.onDelete,
                                        fk.onUpdate.isEmpty() ? tr("NO ACTION") : fk.onUpdate};
        }
        for (const RelationInfo &r : m_entity.relations) {
            QString keys;
            switch (r.kind) {
            case RelationInfo::BelongsTo:
                keys = QStringLiteral("%1 → %2.%3").arg(r.foreignKey, r.target, r.localKey);
                break;
            case RelationInfo::HasOne:
            case RelationInfo::HasMany:
                keys = QStringLiteral("%1.%2 → %3").arg(r.target, r.foreignKey, r.localKey);
                break;
            case RelationInfo::BelongsToMany:
                keys = tr("through %1 (%2 → this, %3 → %4)")
                           .arg(r.pivotTable, r.pivotForeignKey, r.pivotRelatedKey, r.target);
                break;
            }
            relations << QVariantList{r.name, RelationInfo::kindName(r.kind), r.target, keys};
        }
    }
    m_columns->setRows(std::move(columns));
    m_indexes->setRows(std::move(indexes));
    m_foreignKeys->setRows(std::move(foreignKeys));
    m_relations->setRows(std::move(relations));

    m_tabs->setTabText(0, tr("Columns (%1)").arg(m_columns->rowCount()));
    m_tabs->setTabText(1, tr("Indexes (%1)").arg(m_indexes->rowCount()));
    m_tabs->setTabText(2, tr("Foreign keys (%1)").arg(m_foreignKeys->rowCount()));
    m_tabs->setTabText(3, tr("Relations (%1)").arg(m_relations->rowCount()));
    m_tabs->setEnabled(entity != nullptr);

    if (!m_session || !m_session->isOpen())
        m_summary->setText(tr("No database is open."));
    else if (m_entityName.isEmpty())
        m_summary->setText(tr("Choose an entity to see its schema."));
    else if (!entity)
        m_summary->setText(tr("The database has no entity named %1.").arg(m_entityName));
    else {
        QString text = m_entity.readOnly
                           ? tr("%1: view %2").arg(m_entity.name, m_entity.qualifiedTable())
                           : tr("%1: table %2").arg(m_entity.name, m_entity.qualifiedTable());
        text += m_entity.primaryKey.isEmpty()
                    ? tr(", no primary key")
                    : tr(", primary key (%1)").arg(joined(m_entity.primaryKey));
        m_summary->setText(text);
    }
}

void SchemaView::activateForeignKey(const QModelIndex &index)
{
    if (!index.isValid() || !m_session || !m_session->registry())
        return;
    const QString table = m_foreignKeys->value(index.row(), ForeignKeyReferencedTable).toString();
    if (const EntityInfo *target = m_session->registry()->findByTable(table))
        emit entityActivated(target->name);
}

void SchemaView::activateRelation(const QModelIndex &index)
{
    if (!index.isValid() || !m_session)
        return;
    const QString target = m_relations->value(index.row(), RelationTarget).toString();
    if (m_session->entity(target))
        emit entityActivated(target);
}

} // namespace RexOrm::Admin
