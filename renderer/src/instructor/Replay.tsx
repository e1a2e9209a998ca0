import { GitBranch, Pause, Play, SkipBack, SkipForward } from 'lucide-react';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionSnapshot } from '../../../core/api/contract';
import type { ReplayFrame, SessionSummary } from '../../../core/debrief/types';
import type { StageModel } from '../../scene/stageModel';
import { stageModelOf } from '../components/stageOf';
import { getApi } from '../api';
import { SceneStage } from '../components/SceneStage';
import { errorMessage } from '../errors';
import { clock } from './files';

interface Props {
  session: SessionSummary;
  /** The event to show first; the scrubber moves from there. */
  eventCount: number;
  /** A practice session was started from the frame shown. */
  onFork: (snapshot: SessionSnapshot) => void;
}

/** Steps or plays a session from its log in the scene, with a scrubber over its events. */
export function Replay({ session, eventCount, onFork }: Props) {
  const { t } = useTranslation();
  const [seq, setSeq] = useState(1);
  const [frame, setFrame] = useState<ReplayFrame | null>(null);
  const [playing, setPlaying] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    getApi()
      .debrief.replay(session.id, session.workstationId, seq)
      .then((next) => {
        if (current) setFrame(next);
      })
      .catch((failure: unknown) => {
        if (current) {
          setError(errorMessage(failure));
          setPlaying(false);
        }
      });
    return () => {
      current = false;
    };
  }, [session, seq]);

  // Playing stops by itself at the last event.
  const running = playing && seq < eventCount;
  useEffect(() => {
    if (!running) return;
    const timer = setTimeout(() => setSeq((value) => Math.min(eventCount, value + 1)), 700);
    return () => clearTimeout(timer);
  }, [running, seq, eventCount]);

  const assetUrl = useCallback(
    (folder: string, path: string) =>
      `packs/${encodeURIComponent(folder)}/${path.split('/').map(encodeURIComponent).join('/')}`,
    [],
  );

  const stage: StageModel | null = useMemo(() => {
    if (!frame) return null;
    return stageModelOf(frame.view.scene, (path) => assetUrl(frame.folder, path));
  }, [frame, assetUrl]);

  if (error) {
    return (
      <section className="panel replay" aria-labelledby="replay-title">
        <h3 id="replay-title">{t('instructor.replay.title')}</h3>
        <p className="hint error" role="alert">
          {error}
        </p>
      </section>
    );
  }

  return (
    <section className="panel replay" aria-labelledby="replay-title">
      <h3 id="replay-title">{t('instructor.replay.title')}</h3>
      <div className="replay-controls">
        <button
          type="button"
          className="button"
          onClick={() => setSeq((value) => Math.max(1, value - 1))}
          disabled={seq <= 1}
          aria-label={t('instructor.replay.back')}
        >
          <SkipBack aria-hidden="true" size={16} className="flip-rtl" />
        </button>
        <button
          type="button"
          className="button"
          onClick={() => setPlaying(!running)}
          aria-label={running ? t('instructor.replay.pause') : t('instructor.replay.play')}
        >
          {running ? <Pause aria-hidden="true" size={16} /> : <Play aria-hidden="true" size={16} />}
        </button>
        <button
          type="button"
          className="button"
          onClick={() => setSeq((value) => Math.min(eventCount, value + 1))}
          disabled={seq >= eventCount}
          aria-label={t('instructor.replay.forward')}
        >
          <SkipForward aria-hidden="true" size={16} className="flip-rtl" />
        </button>
        <label htmlFor="replay-scrubber" className="visually-hidden">
          {t('instructor.replay.scrubber')}
        </label>
        <input
          id="replay-scrubber"
          type="range"
          min={1}
          max={eventCount}
          value={seq}
          onChange={(event) => {
            setPlaying(false);
            setSeq(Number(event.target.value));
          }}
        />
        <output htmlFor="replay-scrubber" data-testid="replay-position">
          {t('instructor.replay.position', { seq, count: eventCount })}
        </output>
        <button
          type="button"
          className="button primary"
          disabled={!frame || frame.seq !== seq}
          onClick={() => {
            setPlaying(false);
            getApi()
              .debrief.fork(session.id, session.workstationId, seq)
              .then(onFork)
              .catch((failure: unknown) => setError(errorMessage(failure)));
          }}
        >
          <GitBranch aria-hidden="true" size={16} />
          {t('instructor.replay.fork')}
        </button>
      </div>
      {frame && stage && (
        <div className="replay-body">
          <div className="replay-stage">
            <SceneStage model={stage} label={frame.view.scene.label} onUse={() => undefined} />
          </div>
          <dl className="facts" data-testid="replay-facts">
            <dt>{t('instructor.replay.scene')}</dt>
            <dd>
              <bdi>{frame.view.scene.label}</bdi>
            </dd>
            <dt>{t('instructor.trainee.scenarioTime')}</dt>
            <dd>{clock(frame.view.clock.scenarioTimeMs)}</dd>
            <dt>{t('instructor.replay.evidence')}</dt>
            <dd>{frame.view.caseFile.evidence.length}</dd>
            <dt>{t('instructor.sessions.score')}</dt>
            <dd>{frame.view.score?.total ?? '—'}</dd>
          </dl>
        </div>
      )}
    </section>
  );
}
