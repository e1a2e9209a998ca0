import { splitCodes } from './codes';

/**
 * A text with every hyphenated code in it kept on one line (`white-space: nowrap` on the code
 * alone): the text around it wraps as usual, and what is copied is the text as stored.
 */
export function CodeText({ text }: { text: string }) {
  return (
    <>
      {splitCodes(text).map((piece, index) =>
        piece.code ? (
          <span key={index} className="code-whole">
            {piece.text}
          </span>
        ) : (
          piece.text
        ),
      )}
    </>
  );
}
