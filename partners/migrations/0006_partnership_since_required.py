"""`since` becomes required (NOT NULL, today by default), after 0005 filled the empty ones.

The check "end not before start" no longer needs its "empty start" escape. The event table
keeps `since` nullable: older events recorded an empty start. Reverse: nullable again.
"""

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('coalitions', '0008_remove_coalition_trekker'),
        ('partners', '0005_fill_partnership_since_from_history'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='coalitionpartner',
            name='partnership_until_after_since',
        ),
        migrations.AlterField(
            model_name='coalitionpartner',
            name='since',
            field=models.DateField(default=django.utils.timezone.localdate, verbose_name='partner sinds'),
        ),
        migrations.AlterField(
            model_name='coalitionpartnerevent',
            name='since',
            field=models.DateField(null=True, verbose_name='partner sinds'),
        ),
        migrations.AddConstraint(
            model_name='coalitionpartner',
            constraint=models.CheckConstraint(condition=models.Q(('until__isnull', True), ('until__gte', models.F('since')), _connector='OR'), name='partnership_until_after_since', violation_error_message='De einddatum ligt vóór de begindatum.'),
        ),
    ]
