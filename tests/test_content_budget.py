"""The content budget (lesson/budget.py): each episode can be taught in its slot.

The unit tests feed the walker small pages; the site test reads every built
episode and fails for one over budget, naming what is over.
"""
import pytest

from harness import EPISODES
from lesson import budget
from lesson.budget import Budget, count_words, measure, measure_page

EPISODE = EPISODES[0]  # 20 minutes: at most 900 words


def page(body: str) -> str:
    return f'<html><body><nav>menu words here</nav><div itemprop="articleBody">{body}</div></body></html>'


def words(n: int, word: str = "word") -> str:
    return " ".join([word] * n)


def exercise(n: int, solution: int = 0) -> str:
    inner = f'<div class="solution dropdown admonition"><p>{words(solution)}</p></div>' if solution else ""
    return f'<div class="exercise important admonition"><p>{words(n)}</p>{inner}</div>'


def budget_of(tmp_path, body: str) -> Budget:
    path = tmp_path / "page.html"
    path.write_text(page(body), encoding="utf-8")
    return measure_page(path, EPISODE)


def test_counts_words_with_a_letter_or_digit():
    assert count_words("Amdahl's law: 1 core , ¶ — x_y") == 5


def test_code_outputs_solutions_notes_going_further_and_measurement_notes_are_not_core(tmp_path):
    budget = budget_of(tmp_path, (
        f"<p>{words(100)}</p>"
        f'<div class="highlight-python notranslate"><div class="highlight"><pre>{words(50)}</pre></div></div>'
        f'<div class="instructor-note admonition"><p>{words(70)}</p></div>'
        f'<div class="going-further dropdown admonition"><p>{words(80)}</p>{exercise(5)}</div>'
        f'<div class="admonition measurement-note"><p>{words(60)}</p></div>'
        f"{exercise(20, solution=300)}<p>{words(10)}</p><br><img alt='a picture'>"))
    assert budget.words == 130
    assert budget.exercises == [(100, 120)]  # the exercise in the going-further part is not core


def test_a_page_within_budget_has_no_problems(tmp_path):
    budget = budget_of(tmp_path, f"<p>{words(300)}</p>{exercise(50)}<p>{words(300)}</p>{exercise(50)}"
                                 f"<p>{words(200)}</p>")
    assert budget.words == 900 and budget.problems() == []
    assert budget.first_exercise == pytest.approx(300 / 900 * 20)


def test_too_many_words_is_over_budget(tmp_path):
    budget = budget_of(tmp_path, f"<p>{words(200)}</p>{exercise(10)}" * 5)
    assert budget.words == 1050
    assert budget.problems() == ["1050 core words in 20 min is 52 per minute (at most 45: 900 words)"]


def test_exercises_only_at_the_end_are_over_budget(tmp_path):
    budget = budget_of(tmp_path, f"<p>{words(800)}</p>{exercise(50)}{exercise(50)}")
    assert budget.problems() == ["the first exercise comes after 18 min (at most 15)",
                                 "18 min without an exercise (at most 15)"]


def test_a_long_tail_after_the_last_exercise_is_over_budget(tmp_path):
    budget = budget_of(tmp_path, f"<p>{words(100)}</p>{exercise(50)}<p>{words(750)}</p>")
    assert budget.longest_stretch == pytest.approx(750 / 900 * 20)
    assert budget.problems() == ["17 min without an exercise (at most 15)"]


def test_a_page_without_exercises_is_over_budget(tmp_path):
    assert budget_of(tmp_path, f"<p>{words(10)}</p>").problems() == ["no exercise in the core path"]


@pytest.mark.site
def test_every_episode_fits_its_slot(built_site):
    budgets = measure(built_site["html"])
    over = [b for b in budgets if b.problems()]
    assert not over, "Over budget:\n" + budget.table(over)


@pytest.mark.site
def test_every_going_further_part_is_rendered(built_site):
    """Each {going-further} of a page's Markdown is a box on the built page.

    A backtick fence whose title holds a backtick is no fence in Markdown: the rest
    of the page silently becomes one code block, and its words leave the count.
    """
    from harness import CONTENT, built_page

    for episode in EPISODES:
        written = (CONTENT / f"{episode.page}.md").read_text(encoding="utf-8").count("{going-further}")
        html = built_page(built_site["html"], episode.page).read_text(encoding="utf-8")
        rendered = html.count('class="going-further dropdown admonition"')
        assert rendered == written, f"{episode.page}: {written} going-further parts written, {rendered} built"
        assert "{exercise}" not in html and "{solution}" not in html, \
            f"{episode.page}: a directive is shown as text (a broken fence?)"
