"""The demo partnership's practitioner tools: guide content, Harm Matrix guidance, topic links, usage.

The guide's wording was written for the Hub's demo: it is an example for a partnership to replace
with its own agreed content, not a published tool. Records are found by their keys (slug, key,
title, month) and created only when missing, so a second run writes nothing.
"""

from __future__ import annotations

import random
from datetime import date

from django.db import transaction
from django.utils import timezone

from hub.core.models import Theme
from hub.core.periods import FinancialYear
from hub.tools.models import (
    AgeBand,
    Behaviour,
    BehaviourCategory,
    GuideLink,
    HarmMatrixCell,
    Tool,
    ToolTopic,
    ToolUse,
)

LAST_REVIEWED = date(2022, 9, 30)


def _review_date() -> date:
    """The next 30 September at least a year away, so the demo's content is never shown as overdue."""
    today = timezone.localdate()
    return date(today.year + 1, 9, 30)


CATEGORIES = (
    (
        "healthy",
        "Healthy",
        "Behaviour expected at the child's age and stage: open, light-hearted and shared between children of a "
        "similar age, size and understanding, who take part freely and stop when asked.",
        "Reassure the child and talk about it calmly. Use it as a chance to teach privacy, body ownership and "
        "the names of body parts. No referral is needed.",
    ),
    (
        "problematic",
        "Problematic",
        "Behaviour that is unusual for the child's age or setting, happens often, or upsets other children, "
        "but involves no force, threats or secrecy.",
        "Set a clear, calm limit and explain why. Tell your designated safeguarding lead and the child's "
        "parents or carers, watch for a pattern and record what you saw and did. Seek advice if it continues.",
    ),
    (
        "concerning",
        "Concerning",
        "Behaviour that is persistent, secretive, well beyond the child's age or stage, or involves children "
        "of different ages or abilities. It may be a sign that the child has been harmed or is being exploited.",
        "Talk to your designated safeguarding lead the same day. Consider a referral to children's services "
        "and the harmful sexual behaviour pathway, and think about the safety of any other children involved.",
    ),
    (
        "abusive",
        "Abusive",
        "Behaviour that involves force, threats, coercion, bribery or secrecy, a clear difference in age, size "
        "or power, or harm to another child.",
        "Act at once to keep every child safe. Refer to children's services the same day, and to the police "
        "if a crime may have been committed. Follow the child protection procedures and the harmful sexual "
        "behaviour pathway. Do not investigate yourself.",
    ),
)

BANDS = (
    (
        "0-to-4",
        "0 to 4 years",
        0,
        4,
        "Young children are curious about their own and other people's bodies and learn about them through "
        "play and questions. Their behaviour is usually spontaneous and easily distracted.",
    ),
    (
        "5-to-9",
        "5 to 9 years",
        5,
        9,
        "Children become more aware of privacy and of the rules about bodies. Curiosity continues, often "
        "through games and questions with friends of a similar age.",
    ),
    (
        "10-to-13",
        "10 to 13 years",
        10,
        13,
        "Puberty begins for many children. Interest in relationships, privacy and body image grows, and more "
        "of life happens online.",
    ),
    (
        "14-to-17",
        "14 to 17 years",
        14,
        17,
        "Young people explore relationships and sexual identity. Consensual activity between young people of "
        "a similar age can be part of healthy development; the law on consent still applies.",
    ),
)

ADVICE_DSL = "Talk to your designated safeguarding lead"
REFER = "Refer to children's services the same day"

# (band slug, category key, title, keywords, what it may mean, how to respond)
BEHAVIOURS = (
    # 0 to 4
    (
        "0-to-4",
        "healthy",
        "Touching or holding their own genitals, for example at nappy change or bath time",
        "touching, genitals, self, nappy, bath",
        "Usual exploration of the body; it is soothing and not sexual in the adult sense.",
        "Stay calm. Gently redirect if it happens in public and use the correct names for body parts.",
    ),
    (
        "0-to-4",
        "healthy",
        "Curiosity about other children's or adults' bodies, such as watching others in the toilet",
        "curiosity, toilet, looking, nakedness",
        "Children learn how bodies differ by looking and asking.",
        "Answer questions simply and honestly, and begin teaching about privacy.",
    ),
    (
        "0-to-4",
        "healthy",
        "Enjoying being naked, for example running around after a bath",
        "naked, nudity, undressing",
        "Young children have little sense of modesty yet.",
        "Accept it at home; explain kindly where clothes are needed.",
    ),
    (
        "0-to-4",
        "problematic",
        "Touching their genitals often, in a way that stops them joining play or is not easily distracted",
        "touching, genitals, persistent, self, comfort",
        "It may be a way of coping with anxiety, boredom or discomfort, or a medical problem such as an infection.",
        "Talk to the parents or carers and suggest a health check. Offer other comfort and activities. "
        "Record what you see and tell your designated safeguarding lead if it continues.",
    ),
    (
        "0-to-4",
        "problematic",
        "Repeatedly trying to see or touch other children's genitals after being asked to stop",
        "touching, others, looking, persistent",
        "The child may not yet understand the rule, or may be copying something they have seen.",
        "Set a clear, calm limit each time, tell the parents or carers and note the pattern. "
        "Seek advice if it does not settle.",
    ),
    (
        "0-to-4",
        "concerning",
        "Sexual words, knowledge or play that copies adult sexual activity",
        "language, words, knowledge, play, copying, adult",
        "The child may have seen sexual activity or images, or been harmed.",
        f"{ADVICE_DSL} the same day. Write down exactly what was said or seen. Consider a referral to "
        "children's services.",
    ),
    (
        "0-to-4",
        "concerning",
        "Distress, fear or strong reactions around nappy changing, bathing or particular adults",
        "distress, fear, nappy, bath, adult",
        "It may be a sign of harm, although there can be other explanations.",
        f"{ADVICE_DSL}. Record what you see over time and share it with the professionals involved.",
    ),
    (
        "0-to-4",
        "abusive",
        "Forcing or tricking another child into sexual touching",
        "forcing, touching, coercion, another child",
        "A very young child behaving this way has very likely seen or experienced sexual abuse.",
        f"Separate the children calmly and make sure both are safe. {REFER}. Follow the child protection procedures.",
    ),
    (
        "0-to-4",
        "abusive",
        "A child says an adult or older child touched their private parts",
        "disclosure, touched, private parts, told",
        "This is a disclosure of possible sexual abuse.",
        f"Listen, do not ask leading questions, and write down the child's words. {REFER}, and tell the police "
        "if the child may be in immediate danger.",
    ),
    # 5 to 9
    (
        "5-to-9",
        "healthy",
        "Games such as 'mummies and daddies' or 'doctors' with friends of a similar age",
        "games, play, doctors, friends",
        "Usual role play and curiosity between equals.",
        "Let play carry on if it is mutual and light-hearted; remind children about privacy and keeping clothes on.",
    ),
    (
        "5-to-9",
        "healthy",
        "Asking questions about where babies come from, or giggling at rude words",
        "questions, babies, rude words, jokes, swearing",
        "Interest in bodies and relationships, and in testing what is allowed.",
        "Give honest answers suited to the child's age and set limits on language in a calm way.",
    ),
    (
        "5-to-9",
        "healthy",
        "Wanting more privacy when dressing or using the toilet",
        "privacy, dressing, toilet, modesty",
        "A growing sense of their own body and its boundaries.",
        "Respect it, and teach that other people have the same right to privacy.",
    ),
    (
        "5-to-9",
        "problematic",
        "Touching their own genitals in public after being reminded it is private",
        "touching, genitals, public, self",
        "It may be comfort-seeking, a habit, or a sign of anxiety.",
        "Remind them privately and calmly. Talk to the parents or carers and record it. Seek advice if it "
        "continues or increases.",
    ),
    (
        "5-to-9",
        "problematic",
        "Looking at sexual images online that they came across by accident",
        "online, images, pictures, pornography, internet",
        "Children can find sexual content by accident; the worry is how they were affected and whether it "
        "happens again.",
        "Reassure the child that telling was right. Tell the parents or carers, check filters and supervision, "
        "and record it.",
    ),
    (
        "5-to-9",
        "concerning",
        "Sexual behaviour that continues in secret after adults have set clear limits",
        "secret, persistent, continues, hiding",
        "Secrecy suggests the child knows it is not allowed and may be copying something they have experienced.",
        f"{ADVICE_DSL} the same day and consider a referral to children's services.",
    ),
    (
        "5-to-9",
        "concerning",
        "Knowledge of sexual acts well beyond the child's age, shown in drawing, play or talk",
        "knowledge, drawing, play, language, adult",
        "The child may have seen sexual activity or images, or been harmed.",
        f"Write down exactly what was said or drawn. {ADVICE_DSL} and consider a referral.",
    ),
    (
        "5-to-9",
        "abusive",
        "Making a younger or less able child take part in sexual touching, using threats or bribes",
        "forcing, younger, threats, bribes, touching",
        "A serious imbalance of power; the child displaying the behaviour may also have been harmed.",
        f"Keep every child safe. {REFER} and follow the harmful sexual behaviour pathway for both children.",
    ),
    (
        "5-to-9",
        "abusive",
        "Sexual behaviour towards animals",
        "animals",
        "Rare and a sign of serious concern for the child's own experience.",
        f"{REFER}. Follow the child protection procedures.",
    ),
    # 10 to 13
    (
        "10-to-13",
        "healthy",
        "Interest in relationships, crushes and questions about puberty and sex",
        "relationships, crush, puberty, questions, sex education",
        "Usual development as puberty begins.",
        "Give accurate, age-appropriate information, including about consent and staying safe online.",
    ),
    (
        "10-to-13",
        "healthy",
        "Masturbation in private",
        "masturbation, private, self",
        "A normal part of development.",
        "No action is needed; if it comes up, talk about privacy without shaming.",
    ),
    (
        "10-to-13",
        "problematic",
        "Sexual language, jokes or gestures that upset other children",
        "language, jokes, gestures, sexualised, teasing",
        "The child may be copying others or testing limits; the effect on other children matters.",
        "Challenge it, explain the effect on others and follow your behaviour policy. Record it and tell the "
        "parents or carers. Watch for a pattern.",
    ),
    (
        "10-to-13",
        "problematic",
        "Regularly looking at pornography",
        "pornography, online, images, videos, internet",
        "Common, but can distort a child's ideas of sex, consent and relationships.",
        "Talk about it openly with the child and the parents or carers, and about healthy relationships. "
        "Record it; seek advice if it seems compulsive or involves extreme content.",
    ),
    (
        "10-to-13",
        "concerning",
        "Sending or asking for nude or semi-nude images",
        "nudes, images, sexting, photos, phone, online",
        "Sharing images of anyone under 18 is against the law, even between friends, and can lead to bullying "
        "or exploitation.",
        f"Do not look at, copy or forward the images. {ADVICE_DSL} the same day and follow the partnership's "
        "guidance on sharing nudes and semi-nudes.",
    ),
    (
        "10-to-13",
        "concerning",
        "A relationship with someone much older, or gifts, money or a phone from an unknown source",
        "older, boyfriend, girlfriend, gifts, money, phone, exploitation, grooming",
        "Possible signs of grooming or child sexual exploitation.",
        f"{ADVICE_DSL} the same day and consider a referral to children's services and the police, using the "
        "child exploitation screening tool.",
    ),
    (
        "10-to-13",
        "abusive",
        "Sexual touching of another child without their agreement, or using force",
        "touching, assault, force, consent, another child",
        "Sexual assault. Both children need protection and support.",
        f"Make every child safe. {REFER}, tell the police, and follow the harmful sexual behaviour pathway.",
    ),
    (
        "10-to-13",
        "abusive",
        "Sharing another child's nude image to humiliate or threaten them",
        "nudes, images, sharing, threats, blackmail, humiliate",
        "Image-based abuse; it may be part of bullying or exploitation.",
        f"Do not view or forward the image. {REFER} and tell the police.",
    ),
    # 14 to 17
    (
        "14-to-17",
        "healthy",
        "A consensual relationship with someone of a similar age and understanding",
        "relationship, boyfriend, girlfriend, partner, consent",
        "Part of healthy development; the law on consent still applies to under-16s.",
        "Support the young person to understand consent, contraception and sexual health, and where to get "
        "confidential advice.",
    ),
    (
        "14-to-17",
        "healthy",
        "Exploring sexual identity or orientation",
        "identity, orientation, gay, lesbian, bisexual, questioning",
        "A usual part of adolescence.",
        "Be accepting and give information about support services if the young person wants it.",
    ),
    (
        "14-to-17",
        "problematic",
        "Sexual comments or pressure towards peers that stop when challenged",
        "comments, pressure, harassment, peers",
        "It may reflect attitudes picked up from peers or online content.",
        "Challenge it, explain its effect and follow your behaviour policy. Record it and watch for a pattern.",
    ),
    (
        "14-to-17",
        "problematic",
        "Several casual sexual relationships with peers that worry adults",
        "relationships, casual, risk, sexual health",
        "It may be a way of seeking affection or status, or a sign of low self-worth.",
        "Talk with the young person about healthy relationships and sexual health, and where to get support.",
    ),
    (
        "14-to-17",
        "concerning",
        "A relationship with an adult, or going missing and coming back with unexplained gifts",
        "adult, older, missing, gifts, exploitation, grooming",
        "Possible signs of child sexual exploitation.",
        f"{ADVICE_DSL} the same day and refer to children's services and the police, using the child "
        "exploitation screening tool and the missing-from-home protocol.",
    ),
    (
        "14-to-17",
        "concerning",
        "Repeated sexual harassment of others, online or in person, after being challenged",
        "harassment, online, persistent, comments",
        "A pattern that may grow into abusive behaviour.",
        f"{ADVICE_DSL}. Consider a referral to the harmful sexual behaviour pathway for assessment and support.",
    ),
    (
        "14-to-17",
        "abusive",
        "Sexual activity with a much younger child",
        "younger, child, abuse, age difference",
        "Child sexual abuse, whatever the younger child appears to agree to.",
        f"Make every child safe. {REFER}, tell the police and follow the harmful sexual behaviour pathway.",
    ),
    (
        "14-to-17",
        "abusive",
        "Sexual activity without consent, including when the other person was drunk or asleep",
        "rape, assault, consent, drunk, asleep",
        "A serious sexual offence.",
        f"Make every young person safe. {REFER} and tell the police. Do not question the young people in "
        "detail yourself.",
    ),
)

LINKS = (
    (
        "Harmful sexual behaviour: the multi-agency pathway",
        "/topics/harmful-sexual-behaviour/",
        "How to refer a child who displays harmful sexual behaviour, and what happens next.",
    ),
    (
        "Multi-agency child protection procedures",
        "/procedures/",
        "What every agency does when a child may be at risk of harm.",
    ),
    (
        "Worried about a child? Contact children's services",
        "/",
        "The telephone numbers for children's services, out of hours and the police.",
    ),
)

HARM_MATRIX_CELLS = (
    (
        "harm",
        "happened",
        "Harm",
        "What has happened to the child?\nWho was responsible?\nHow did the child experience it?",
        "Describe the harm itself, in plain words the family would understand, not a label such as 'neglect'. "
        "Say what was seen or reported, by whom, and the effect on the child.",
    ),
    (
        "severity",
        "happened",
        "Severity",
        "How serious was the harm?\nWas the child injured, and did they need medical care?",
        "Judge the severity by its effect on the child, taking their age and needs into account. A pattern of "
        "lesser harm can be as serious as a single event.",
    ),
    (
        "recency",
        "happened",
        "How recent",
        "When did it last happen?\nWhen did it first happen?",
        "Give dates or the nearest you know. Recent harm raises the urgency; old harm still matters if nothing "
        "has changed.",
    ),
    (
        "frequency",
        "happened",
        "How often",
        "How many times has it happened?\nIs it getting more or less frequent?",
        "Look at the chronology: is this a one-off, an occasional event or a pattern? Cumulative harm builds "
        "from repeated events.",
    ),
    (
        "danger",
        "worried",
        "Danger",
        "What are we worried will happen to the child if nothing changes?\nWho would do it, and how?",
        "Write a danger statement: who is worried, about what behaviour, by whom, and the impact on the child. "
        "It should be specific enough for the family to understand and respond to.",
    ),
    (
        "likelihood",
        "worried",
        "Likelihood",
        "How likely is it that this will happen?\nWhat makes it more or less likely?",
        "Base the judgement on what has happened before, what has changed and what the family has shown they "
        "can do, not on hope.",
    ),
    (
        "complicating-factors",
        "worried",
        "Complicating factors",
        "What makes the situation harder to deal with?\nAre there problems such as substance misuse, "
        "domestic abuse or poor mental health?",
        "Complicating factors make harm more likely or harder to change, but are not harm in themselves. "
        "Keep them separate from the harm and the danger.",
    ),
    (
        "strengths",
        "worried",
        "Strengths",
        "What is going well?\nWho in the family and network cares for the child, and how?",
        "Strengths are things that are good in the child's life but do not yet protect them from the danger. "
        "Give examples.",
    ),
    (
        "safety",
        "worried",
        "Existing safety",
        "What has already kept the child safe when the danger was present?\nWho did it, and how often?",
        "Safety is protection shown over time, in the presence of the danger. Describe the actions, who took "
        "them and for how long.",
    ),
)

TOPICS = (
    (
        Tool.SEXUAL_BEHAVIOUR_GUIDE,
        "Sexual behaviour by age, from healthy to abusive, with how to respond.",
        ("harmful-sexual-behaviour", "child-sexual-abuse"),
    ),
    (
        Tool.HARM_MATRIX,
        "Work through harm, danger, strengths and safety and print the worksheet.",
        ("signs-of-safety", "cumulative-harm"),
    ),
    (
        Tool.CHRONOLOGY,
        "Merge every agency's events into one timeline, with gaps and same-day events flagged.",
        ("cumulative-harm", "neglect"),
    ),
    (
        Tool.SCALING,
        "Turn a meeting's scaling-question ratings into a chart with the reasons grouped.",
        ("signs-of-safety",),
    ),
)

# Average monthly uses in the demo years; the numbers grow as the tools were promoted.
MONTHLY_USES = {
    Tool.SEXUAL_BEHAVIOUR_GUIDE: (140, 210),
    Tool.HARM_MATRIX: (35, 60),
    Tool.CHRONOLOGY: (12, 26),
    Tool.SCALING: (20, 38),
}
DEMO_YEARS = (FinancialYear(2021), FinancialYear(2022))


def _load_guide(log) -> int:
    created = 0
    categories = {}
    for position, (key, label, description, response) in enumerate(CATEGORIES):
        categories[key], made = BehaviourCategory.objects.get_or_create(
            key=key,
            defaults={"label": label, "position": position, "description": description, "general_response": response},
        )
        created += made
    bands = {}
    for slug, label, youngest, oldest, introduction in BANDS:
        bands[slug], made = AgeBand.objects.get_or_create(
            slug=slug,
            defaults={
                "label": label,
                "youngest": youngest,
                "oldest": oldest,
                "introduction": introduction,
                "review_date": _review_date(),
                "last_reviewed_on": LAST_REVIEWED,
            },
        )
        created += made
    positions: dict[tuple[str, str], int] = {}
    for band, category, title, keywords, meaning, response in BEHAVIOURS:
        position = positions[(band, category)] = positions.get((band, category), 0) + 1
        _, made = Behaviour.objects.get_or_create(
            age_band=bands[band],
            category=categories[category],
            title=title,
            defaults={
                "keywords": keywords,
                "what_it_may_mean": meaning,
                "how_to_respond": response,
                "position": position,
            },
        )
        created += made
    for position, (label, url, description) in enumerate(LINKS):
        _, made = GuideLink.objects.get_or_create(
            label=label, defaults={"url": url, "description": description, "position": position}
        )
        created += made
    return created


def _load_harm_matrix() -> int:
    created = 0
    for position, (key, section, heading, prompts, guidance) in enumerate(HARM_MATRIX_CELLS):
        _, made = HarmMatrixCell.objects.get_or_create(
            key=key,
            defaults={
                "section": section,
                "heading": heading,
                "prompts": prompts,
                "guidance": guidance,
                "position": position,
            },
        )
        created += made
    return created


def _load_topics() -> int:
    created = 0
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    for tool, summary, slugs in TOPICS:
        topic, made = ToolTopic.objects.get_or_create(tool=tool, defaults={"summary": summary})
        if made:
            topic.themes.set([themes[slug] for slug in slugs if slug in themes])
            created += 1
    return created


def _load_usage() -> int:
    """Plausible monthly counts: growing through the two years, quieter in August and December."""
    existing = set(ToolUse.objects.values_list("tool", "month"))
    rng = random.Random(2021)
    quiet = {8: 0.6, 12: 0.75}
    rows = []
    for year_index, year in enumerate(DEMO_YEARS):
        for month in year.months():
            for tool, averages in MONTHLY_USES.items():
                base = averages[year_index] * quiet.get(month.start.month, 1.0)
                count = max(0, round(rng.gauss(base, base * 0.15)))
                if (tool.value, month.start) not in existing:
                    rows.append(ToolUse(tool=tool, month=month.start, count=count))
    ToolUse.objects.bulk_create(rows)
    return len(rows)


@transaction.atomic
def load(log) -> None:
    guide = _load_guide(log)
    cells = _load_harm_matrix()
    topics = _load_topics()
    uses = _load_usage()
    if guide or cells or topics or uses:
        log(
            f"Practitioner tools: {guide} guide records, {cells} Harm Matrix boxes, {topics} topic links, "
            f"{uses} months of usage counts."
        )
