import { describe, expect, it, vi } from 'vitest';

vi.mock('phaser', () => ({
  WEBGL: 2,
  CANVAS: 1,
  Scenes: { Events: { SHUTDOWN: 'shutdown', DESTROY: 'destroy' } },
}));

const { IdleLoop, softwareRendering } = await import('./idle');

/** Just enough of a scene: its tweens, its game's loop. */
function fakeScene() {
  const loop = {
    running: true,
    sleep: vi.fn(() => {
      loop.running = false;
    }),
    wake: vi.fn(() => {
      loop.running = true;
    }),
  };
  const tweens: unknown[] = [];
  const scene = {
    tweens: { getTweens: () => tweens },
    game: { loop, canvas: { parentElement: null } },
    events: { once: vi.fn() },
  };
  return { scene, loop, tweens };
}

type SceneArgument = ConstructorParameters<typeof IdleLoop>[0];

describe('the idle loop', () => {
  it('sleeps once the scene has been still for a quarter of a second, not before', () => {
    const { scene, loop } = fakeScene();
    const idle = new IdleLoop(scene as unknown as SceneArgument);
    idle.tick(1000);
    idle.tick(1200);
    expect(loop.sleep).not.toHaveBeenCalled();
    idle.tick(1251);
    expect(loop.sleep).toHaveBeenCalledTimes(1);
  });

  it('stays awake while a tween runs, and counts the quarter second from its end', () => {
    const { scene, loop, tweens } = fakeScene();
    const idle = new IdleLoop(scene as unknown as SceneArgument);
    tweens.push({});
    idle.tick(0);
    idle.tick(5000);
    expect(loop.sleep).not.toHaveBeenCalled();
    tweens.pop();
    idle.tick(5100);
    expect(loop.sleep).not.toHaveBeenCalled();
    idle.tick(5300);
    expect(loop.sleep).toHaveBeenCalledTimes(1);
  });

  it('wakes for a change and counts from the first frame after, whatever the old clock said', () => {
    const { scene, loop } = fakeScene();
    const idle = new IdleLoop(scene as unknown as SceneArgument);
    idle.tick(0);
    idle.tick(300);
    expect(loop.running).toBe(false);
    idle.wake();
    expect(loop.wake).toHaveBeenCalledTimes(1);
    // The first frame after waking is drawn, not put straight back to sleep.
    idle.tick(90_000);
    expect(loop.sleep).toHaveBeenCalledTimes(1);
    idle.tick(90_300);
    expect(loop.sleep).toHaveBeenCalledTimes(2);
  });

  it('is held awake until held work (a fade, a texture load) is released', () => {
    const { scene, loop } = fakeScene();
    const idle = new IdleLoop(scene as unknown as SceneArgument);
    const release = idle.hold();
    idle.tick(0);
    idle.tick(10_000);
    expect(loop.sleep).not.toHaveBeenCalled();
    release();
    release(); // a second release changes nothing
    idle.tick(10_100);
    idle.tick(10_400);
    expect(loop.sleep).toHaveBeenCalledTimes(1);
    const again = idle.hold();
    idle.tick(20_000);
    idle.tick(21_000);
    expect(loop.sleep).toHaveBeenCalledTimes(1);
    again();
  });
});

describe('software rendering', () => {
  const game = (type: number, name: string) =>
    ({
      renderer: {
        type,
        gl: {
          RENDERER: 1,
          getExtension: () => ({ UNMASKED_RENDERER_WEBGL: 2 }),
          getParameter: () => name,
        },
      },
    }) as unknown as Parameters<typeof softwareRendering>[0];

  it('is recognised by the WebGL renderer name, and assumed without WebGL', () => {
    expect(softwareRendering(game(2, 'Google SwiftShader'))).toBe(true);
    expect(softwareRendering(game(2, 'llvmpipe (LLVM 15.0.6, 256 bits)'))).toBe(true);
    expect(softwareRendering(game(2, 'ANGLE (Intel, Intel(R) UHD Graphics 620)'))).toBe(false);
    expect(softwareRendering(game(1, ''))).toBe(true);
  });
});
