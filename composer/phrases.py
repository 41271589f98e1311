"""The wording of the thank-you composer (composer.drafts), in our own words, formal and casual.

Every list of variants is indexed by a person's place in the panel (modulo its length), so two people of one
interview get different sentences for each part of the note. What the user typed is never spliced into the middle
of a sentence: it comes after a colon, in quotes, or (for a job title, which is always a noun phrase) after "as".
Fields: {company} {role} {weekday} {date} {title} {q} (a quoted question) {x} (the user's own words) {whose}.
"""

FORMAL, CASUAL = "formal", "casual"

GREETING = {FORMAL: ("Dear {name},",), CASUAL: ("Hi {name},", "Hello {name},")}

SIGN_OFF = {
    FORMAL: ("Kind regards", "With best regards", "Best regards", "Yours sincerely", "With thanks", "Warm regards"),
    CASUAL: ("Best", "Thanks again", "All the best", "Cheers", "Speak soon", "Warm wishes"),
}

SUBJECT = {
    FORMAL: (
        "Thank you: {role} at {company}",
        "Thank you for {weekday}'s interview at {company}",
        "Our conversation about the {role} role at {company}",
        "Following up on {weekday}: {role} at {company}",
        "With thanks: the {role} interview at {company}",
        "Thank you for your time on {weekday} ({company})",
    ),
    CASUAL: (
        "Thanks for {weekday}, {name}",
        "Great to meet you on {weekday}",
        "Thanks for the chat about the {role} role",
        "Thanks again, {name}",
        "{company}: thanks for {weekday}",
        "Thanks for your time, {name}",
    ),
}

# Remember me, first sentence: the thanks, the company and (mostly) the role.
OPENING = {
    FORMAL: (
        "Thank you for meeting me on {weekday} about the {role} role at {company}.",
        "Thank you for the time you gave me on {weekday} to discuss the {role} position at {company}.",
        "I am grateful for the chance to meet you on {weekday} and to learn more about {company}.",
        "Many thanks for taking part in my interview for the {role} role at {company} on {weekday}.",
        "Thank you for seeing me on {weekday}. I left knowing far more about {company} and what the {role} role "
        "involves.",
        "It was a pleasure to meet you on {weekday} and to talk about what the {role} role at {company} involves.",
    ),
    CASUAL: (
        "Thanks so much for meeting me on {weekday} about the {role} role at {company}.",
        "It was great to chat on {weekday} about the {role} job at {company}.",
        "Thanks for taking the time on {weekday} to tell me more about {company}.",
        "Thanks for a really good conversation on {weekday} about the {role} role at {company}.",
        "Thank you for {weekday}! I came away with a much better feel for {company} and the {role} role.",
        "Just a quick note to say thanks for {weekday}'s chat about the {role} role at {company}.",
    ),
}

# Remember me, second sentence: what this person discussed. {x} is a list of the topics of their own questions.
ABOUT_TOPICS = {
    FORMAL: (
        "I particularly valued the ground your questions covered: {x}.",
        "What you asked me about stayed with me on the way home: {x}.",
        "Your questions told me a good deal about what matters to you, and I enjoyed the discussion they opened: {x}.",
        "I much enjoyed where your questions took us: {x}.",
        "It was a pleasure to talk through what you wanted to explore with me: {x}.",
        "The part of our conversation I found most useful was the one you led: {x}.",
    ),
    CASUAL: (
        "I really enjoyed what you asked me about: {x}.",
        "Your questions were the best part for me, especially where they led: {x}.",
        "I'm still thinking about what we covered together: {x}.",
        "I had a lot of fun with the topics you brought up: {x}.",
        "It was great to dig into what you wanted to explore: {x}.",
        "The bit I liked most was the part you led: {x}.",
    ),
}

# Their own question, quoted, when it has no topic.
ABOUT_QUESTION = {
    FORMAL: (
        "I am still thinking about your question {q}",
        "Your question {q} was the one I kept turning over afterwards.",
        "I enjoyed the discussion that followed your question {q}",
        "Your question {q} made me think hard, in the best way.",
        "I valued the chance to answer your question {q}",
        "Of everything we covered, your question {q} stayed with me most.",
    ),
    CASUAL: (
        "I'm still mulling over your question {q}",
        "Your question {q} really got me thinking.",
        "I enjoyed where your question {q} took us.",
        "Loved your question {q}",
        "Your question {q} was a great one to be asked.",
        "Of everything we talked about, your question {q} stuck with me most.",
    ),
}

ABOUT_TITLE = {
    FORMAL: (
        "Hearing how the work looks from your side, as {title}, was especially useful.",
        "Your perspective as {title} gave me a much clearer picture of the team.",
        "I valued your view, as {title}, of how the team works.",
        "Learning how you approach your work as {title} made the role much clearer to me.",
        "It was good to hear from you, as {title}, what the team needs most.",
        "Talking with you as {title} gave me a real sense of the team I would join.",
    ),
    CASUAL: (
        "It was really useful to hear how things look from your side as {title}.",
        "Great to get your take, as {title}, on where the team is going.",
        "Hearing how you work as {title} made the role much clearer for me.",
        "I liked hearing from you as {title} what the team needs most.",
        "Your view as {title} gave me a real feel for the team.",
        "Thanks for sharing how the team works from where you sit as {title}.",
    ),
}

ABOUT_REMIT = {
    FORMAL: (
        "It was good to hear what your own work covers: {x}.",
        "I appreciated hearing about your part in it: {x}.",
        "Thank you, too, for describing your own remit: {x}.",
    ),
    CASUAL: (
        "Good to hear what your own work covers: {x}.",
        "Thanks for telling me about your part in it: {x}.",
        "I enjoyed hearing about your own remit: {x}.",
    ),
}

# Where the debrief says nothing about a person but the part they played (PersonMet.part, or their title).
ABOUT_PART = {
    FORMAL: {
        "lead": (
            "I valued your explanation of where the role fits in the team's plans.",
            "It was valuable to hear what you expect from the person in this role.",
            "Hearing what the team is working towards was especially useful.",
        ),
        "hr": (
            "I appreciated how clearly you guided me through the process.",
            "The process has been very well organised, and I am grateful for it.",
            "Your clear explanation of how the process works was a great help.",
        ),
        "peer": (
            "It was good to hear from a future colleague what the day-to-day work is like.",
            "I valued hearing how the team works from day to day.",
            "Your candid picture of life on the team was a great help.",
        ),
        "exec": (
            "I appreciated hearing your view of where the company is heading.",
            "Hearing the wider picture of the company's plans was especially valuable.",
            "Your view of the company's next few years was particularly interesting.",
        ),
        "panel": (
            "I appreciated your questions as part of the panel.",
            "It was a pleasure to meet you as part of the panel.",
            "Thank you as well for your questions on the panel.",
        ),
    },
    CASUAL: {
        "lead": (
            "Great to hear where the role fits in your team's plans.",
            "It was great to hear what you want from the person in this role.",
            "Loved hearing what the team is aiming for.",
        ),
        "hr": (
            "You made the whole process really clear, which I appreciated.",
            "The process has been so well organised, so thank you for that.",
            "Your explanation of how the process works really helped.",
        ),
        "peer": (
            "It was great to hear from a future teammate what the day-to-day is like.",
            "Really nice to hear how the team actually works day to day.",
            "I appreciated the honest picture of what working on the team is like.",
        ),
        "exec": (
            "I loved hearing where you see the company heading.",
            "Great to hear the bigger picture of where the company is going.",
            "Your view of the company's next few years was fascinating.",
        ),
        "panel": (
            "I enjoyed your questions on the panel.",
            "It was great to meet you on the panel.",
            "Thanks for your questions on the panel.",
        ),
    },
}

# A topic of the interview that no one is recorded as raising: never "your question".
ABOUT_SHARED = {
    FORMAL: (
        "One subject from the interview has stayed with me: {x}.",
        "I came away still thinking about one of the subjects we covered: {x}.",
        "Of the subjects we covered, this one stood out for me: {x}.",
    ),
    CASUAL: (
        "One topic from the interview has really stuck with me: {x}.",
        "I'm still thinking about one of the things we covered: {x}.",
        "Of everything we covered, this was my favourite: {x}.",
    ),
}

# Nothing about this person in the debrief: a prompt for the candidate to fill in.
ABOUT_NOTHING = {
    FORMAL: "I particularly enjoyed our conversation about [{prompt}].",
    CASUAL: "I really enjoyed our chat about [{prompt}].",
}
NOTHING_PROMPT = "one thing you talked about with {name}"

# The optional article, in the sentence about its topic. The link ends the sentence: no full stop after a URL.
ARTICLE = {
    FORMAL: "On {x}, you may find this article interesting: {url}",
    CASUAL: "Since we talked about {x}, here's an article you might like: {url}",
}
ARTICLE_NO_TOPIC = {
    FORMAL: "You may find this article on what we discussed interesting: {url}",
    CASUAL: "Here's an article on what we talked about that you might like: {url}",
}

# Reinforce the positives.
KEEN = {
    FORMAL: (
        "I am very interested in the role, and our conversation made me more so.",
        "I left more convinced than ever that I would like to join {company}.",
        "Meeting you confirmed my interest in joining the team.",
        "Our conversation strengthened my wish to work at {company}.",
        "I remain very keen on the role.",
        "I would be glad to bring my experience to {company}.",
    ),
    CASUAL: (
        "I'm really keen on the role, even more so after talking with you.",
        "I came away even more excited about joining {company}.",
        "Meeting you made me want to join the team even more.",
        "I'd love to be part of what you're building at {company}.",
        "I'm still really excited about the role.",
        "I'd be glad to bring what I know to {company}.",
    ),
}

WENT_WELL = {
    FORMAL: (
        "I was pleased with how one part of the interview went: {x}.",
        "Looking back, I felt good about this: {x}.",
        "One moment I was especially glad of was this: {x}.",
        "I came away pleased with how this went: {x}.",
        "I hope this part came across as well as it felt: {x}.",
        "Afterwards I felt good about this part of our conversation: {x}.",
    ),
    CASUAL: (
        "I was happy with how this part went: {x}.",
        "Looking back, this felt like a highlight: {x}.",
        "One bit I really enjoyed was this: {x}.",
        "I came away pleased with this: {x}.",
        "I hope this came across as well as it felt: {x}.",
        "Afterwards I felt good about this bit of our chat: {x}.",
    ),
}

STRENGTH = {
    FORMAL: (
        "I am confident I could do this job well, and this is what I would bring to it: {x}.",
        "In short, here is what I would bring to the team: {x}.",
        "I believe my background fits what you need, above all this: {x}.",
        "Briefly, this is what I can offer the role: {x}.",
        "I would bring this to the team from day one: {x}.",
        "The strength I would most like you to remember is this: {x}.",
    ),
    CASUAL: (
        "I'm sure I could do the job well, and here's what I'd bring to it: {x}.",
        "In short, here's what I'd bring to the team: {x}.",
        "I think my background is a good fit, especially this: {x}.",
        "Here's what I can offer the role, in a nutshell: {x}.",
        "This is what I'd bring from day one: {x}.",
        "If you remember one thing about me, I hope it's this: {x}.",
    ),
}

# Recoup: the weakest answer given to this person, then the answer said better (from the answer summary).
# {whose} is "your" for their own question and "the" for one no one is recorded as asking.
RECOUP = {
    FORMAL: (
        ("I would like to come back to {whose} question {q}", "My answer, put more clearly: {x}."),
        ("On reflection, I did not do justice to {whose} question {q}", "What I meant to say is this: {x}."),
        ("{Whose} question {q} deserved a fuller answer than I gave.", "Here it is in short: {x}."),
        ("I have thought again about {whose} question {q}", "The short version is this: {x}."),
        ("Let me add a little to my answer to {q}", "Put simply, my answer is this: {x}."),
        ("One answer I would like to improve is the one I gave to {q}", "To put it better: {x}."),
    ),
    CASUAL: (
        ("I'd like to come back to {whose} question {q}", "Put more clearly, my answer is this: {x}."),
        ("Thinking it over, I didn't do {whose} question {q} justice.", "What I meant was this: {x}."),
        ("{Whose} question {q} deserved a better answer than I gave.", "Here's the short version: {x}."),
        ("I've had another think about {whose} question {q}", "In a nutshell: {x}."),
        ("Let me add a bit to my answer to {q}", "Put simply: {x}."),
        ("One answer I'd like to redo is the one I gave to {q}", "Said better: {x}."),
    ),
}
RECOUP_PROMPT = "[your better answer, in a sentence or two]"

# Reminder of the next steps.
NEXT_BY_DATE = {
    FORMAL: (
        "I understand you hope to decide by {date}, and I look forward to hearing from you then.",
        "I look forward to hearing from you by {date}, as you mentioned.",
        "You mentioned that there should be news by {date}; I look forward to it.",
        "I will look out for your news by {date}.",
        "I look forward to {date}, when I understand you expect to be in touch.",
        "I look forward to hearing from {company} by {date}.",
    ),
    CASUAL: (
        "I think you're hoping to decide by {date}, so I'll look out for your news then.",
        "Looking forward to hearing from you by {date}!",
        "You said there should be news by {date}, and I'm looking forward to it.",
        "I'll keep an eye out for your news by {date}.",
        "I'm looking forward to {date}, when I think you'll be in touch.",
        "Hope to hear from {company} by {date}!",
    ),
}
NEXT_NO_DATE = {
    FORMAL: (
        "I look forward to hearing about the next steps.",
        "I look forward to hearing from you about what comes next.",
        "I hope to hear from you soon about the next stage.",
        "I look forward to learning how the process moves on.",
        "I look forward to hearing how things progress.",
        "I look forward to hearing from {company} in due course.",
    ),
    CASUAL: (
        "Looking forward to hearing what comes next.",
        "Can't wait to hear about the next steps.",
        "I hope to hear from you soon.",
        "Looking forward to seeing how things move on.",
        "Keen to hear how things progress.",
        "Hope to hear from {company} soon!",
    ),
}
NEXT_STEPS = {
    FORMAL: "As I understood it, the next step is this: {x}.",
    CASUAL: "As I understood it, the next step is this: {x}.",
}
NEXT_AFTER_STEPS = {FORMAL: "I look forward to it.", CASUAL: "Looking forward to it!"}

SENDER_PROMPT = "[your name]"
SURNAME_PROMPT = "[their surname]"

# --- Messages after an outcome (docs/PRODUCT.md F4), from the same composer ---------------------------------------

REJECTION = {
    FORMAL: (
        (
            "Thank you for letting me know your decision about the {role} role at {company}, and for the time you "
            "and the team gave me. I am disappointed, of course, but I understand that these choices are hard to "
            "make.",
            "Would you be willing to tell me what would have changed the outcome, or what I could have done better "
            "during the process? I am not asking you to reconsider: your view would simply help me with the "
            "interviews ahead.",
            "I enjoyed getting to know {company} and would be glad to be considered for a future opening.",
        ),
        (
            "Thank you for calling me about the {role} role at {company}. Although it was not the news I hoped for, "
            "I appreciated hearing it from you directly.",
            "If you have a few minutes, I would value your honest view: what could I have done differently to "
            "change the decision? I accept the decision as it stands; I am asking only so that I can improve.",
            "I hope our paths cross again, and I would welcome the chance to apply to {company} in future.",
        ),
    ),
    CASUAL: (
        (
            "Thanks for letting me know about the {role} role at {company}, and for all the time you put into the "
            "process. I'm disappointed, but I understand it's a tough call to make.",
            "Would you mind telling me what would have made the difference, or what I could have done better? I'm "
            "not trying to change your mind; it would just really help me with my next interviews.",
            "I enjoyed meeting the team at {company}, and I'd love to hear about any future openings.",
        ),
        (
            "Thanks for calling me about the {role} role at {company}. Not the news I was hoping for, but I "
            "appreciated hearing it from you.",
            "If you have a moment, I'd be grateful for your honest take on what I could have done differently. The "
            "decision stands, I know; I'd just like to learn from it.",
            "I hope we cross paths again, and I'd be glad to hear from {company} in future.",
        ),
    ),
}

WITHDRAWAL = {
    FORMAL: (
        (
            "Thank you for considering me for the {role} role at {company}, and for the time you gave me during "
            "the process.",
            "I am writing to let you know that I have accepted another offer, so I am withdrawing my application. "
            "It was not an easy decision: I enjoyed learning about {company} and the team.",
            "I hope our paths cross again, and I wish you every success in filling the role.",
        ),
        (
            "I wanted to tell you myself, and before you spend more time on my application for the {role} role "
            "at {company}: I have accepted an offer elsewhere and am withdrawing from the process.",
            "Thank you for your interest and for everything I learned about {company} along the way. I would be glad "
            "to stay in touch.",
            "I wish you every success with the search.",
        ),
    ),
    CASUAL: (
        (
            "Thanks so much for considering me for the {role} role at {company}, and for your time during the process.",
            "I wanted to let you know that I've accepted another offer, so I'm withdrawing my application. It "
            "wasn't an easy call: I really enjoyed getting to know {company}.",
            "I hope we cross paths again, and good luck with finding the right person.",
        ),
        (
            "I wanted to tell you myself about the {role} role at {company}: I've accepted an offer elsewhere, so "
            "I'm stepping out of the process.",
            "Thanks for your interest and for everything I learned about {company}. I'd be glad to stay in touch.",
            "Good luck with the search!",
        ),
    ),
}
OUTCOME_RECIPIENT_PROMPT = "[name of the person you are writing to at {company}]"

# --- Through the recruiter -----------------------------------------------------------------------------------------

FORWARD_SUBJECT = "Thank-you note for {person} ({company})"
FORWARD_INTRO = (
    "Hi {name},\n\n"
    "Here is my thank-you note to {person} after the {role} interview at {company}. Could you pass it on for me, or "
    "tell me if you would rather I sent it to them directly?\n\n"
    "Thanks,\n{sender}\n\n"
    "----\n\n"
)
FORWARD_INTRO_NO_NAME = FORWARD_INTRO.replace("Hi {name},", "Hello,")
